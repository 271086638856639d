import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { AuthUser, LoginRequest, LoginResponse, Role } from '@marhaba/shared';
import { RateLimits } from '../../common/rate-limits.js';
import { AuditedUnauthorizedException, AuditService } from '../audit/audit.service.js';
import { UsersRepository } from './users.repository.js';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  siteIds: string[];
}

/** Verified against when the username is unknown, so that timing does not tell which usernames exist. */
const DUMMY_HASH = argon2.hash('not-a-real-password');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly rateLimits: RateLimits,
    private readonly audit: AuditService,
  ) {}

  /** Checks a password; attempts are limited per address, and failures per username (against guessing). */
  async login(request: LoginRequest, address: string): Promise<LoginResponse> {
    await this.rateLimits.loginAttempt(address);
    await this.rateLimits.assertLoginAllowed(request.username);
    const user = await this.users.findByUsername(request.username);
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), request.password);
    if (!user || !valid || !user.active) {
      await this.rateLimits.loginFailed(request.username);
      await this.audit.signIn({ ok: false, username: request.username, userId: user?.id ?? null, address });
      throw new AuditedUnauthorizedException('invalid username or password');
    }
    const authUser: AuthUser = { id: user.id, username: user.username, role: user.role, siteIds: user.siteIds };
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role, siteIds: user.siteIds };
    await this.audit.signIn({ ok: true, username: user.username, userId: user.id, role: user.role, address });
    return { accessToken: await this.jwt.signAsync(claims), user: authUser };
  }

  /** The user a token stands for; throws 401 on a missing, forged or expired token. */
  async verify(token: unknown): Promise<AuthUser> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw new UnauthorizedException('unauthorized');
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
      return { id: claims.sub, username: claims.username, role: claims.role, siteIds: claims.siteIds };
    } catch {
      throw new UnauthorizedException('unauthorized');
    }
  }

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  verifyPassword(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password);
  }
}
