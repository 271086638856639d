import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuthUser, LoginRequest, LoginResponse, RefreshResponse, Role } from '@marhaba/shared';
import { refusal } from '../../common/api-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DomainEvents } from '../../common/domain-events.js';
import { RateLimits, TooManyRequestsException } from '../../common/rate-limits.js';
import { AuditedUnauthorizedException, AuditService } from '../audit/audit.service.js';
import { SessionCheck } from './session-check.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository } from './users.repository.js';

interface TokenClaims {
  sub: string;
  /** The session the token was issued for: revoking it refuses the token at once. */
  sid: string;
  username: string;
  role: Role;
  siteIds: string[];
  exp: number;
}

/** The user behind a verified access token, with what revocation and expiry act on. */
export interface Principal extends AuthUser {
  sessionId: string;
  /** When the access token expires, in ms since the epoch: open sockets are closed then. */
  expiresAt: number;
}

/** Tokens are for this console only: a token signed with the same secret for another audience is refused. */
const AUDIENCE = 'marhaba-console';
const ISSUER = 'marhaba-ops';

/** Verified against when the username is unknown, so that timing does not tell which usernames exist. */
const DUMMY_HASH = argon2.hash('not-a-real-password');

const digest = (refreshToken: string) => createHash('sha256').update(refreshToken).digest();

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly sessionCheck: SessionCheck,
    private readonly jwt: JwtService,
    private readonly rateLimits: RateLimits,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks a password and opens a session; attempts are limited per address, and failures per username (against guessing). */
  async login(request: LoginRequest, address: string): Promise<LoginResponse> {
    try {
      await this.rateLimits.loginAttempt(address);
      await this.rateLimits.assertLoginAllowed(request.username);
    } catch (error) {
      // Guessing goes on against a locked account or from a throttled address: the log shows it (buffered, counted).
      if (error instanceof TooManyRequestsException) await this.audit.signIn({ ok: false, username: request.username, userId: null, address, refusedBy: 'rate_limit' });
      throw error;
    }
    const user = await this.users.findByUsername(request.username);
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), request.password);
    if (!user || !valid || !user.active) {
      await this.rateLimits.loginFailed(request.username);
      await this.audit.signIn({ ok: false, username: request.username, userId: user?.id ?? null, address });
      throw new AuditedUnauthorizedException(refusal('invalid_credentials', 'invalid username or password'));
    }
    const sessionId = randomUUID();
    // Opaque and random: only its digest is stored, so a copy of the database cannot sign anyone in.
    const refreshToken = randomBytes(32).toString('base64url');
    await this.sessions.create({ id: sessionId, userId: user.id, refreshHash: digest(refreshToken), ttlSeconds: this.config.sessionTtlSeconds });
    await this.audit.signIn({ ok: true, username: user.username, userId: user.id, role: user.role, address });
    return { ...(await this.issue(user, sessionId)), refreshToken };
  }

  /**
   * A new access token for a live session, with the user as stored now. Anonymous like a sign-in, so it
   * spends the same per-address budget (a stolen-token guesser gets no more tries than a password guesser).
   */
  async refresh(refreshToken: string, address: string): Promise<RefreshResponse> {
    await this.rateLimits.loginAttempt(address);
    const session = await this.sessions.findLiveByRefreshHash(digest(refreshToken));
    if (!session) throw new UnauthorizedException(refusal('session_ended', 'the session is over, sign in again'));
    return this.issue(session.user, session.sessionId);
  }

  async logout(principal: Principal): Promise<void> {
    await this.sessions.revoke(principal.sessionId);
    await this.audit.signOut(principal);
    this.events.emit({ name: 'sessions.revoked', payload: { sessionId: principal.sessionId } });
  }

  /** Retention: removes up to `limit` sessions that ended before `before`; returns how many. */
  removeEndedSessions(before: Date, limit: number): Promise<number> {
    return this.sessions.deleteBatchEndedBefore(before, limit);
  }

  /** The user a token stands for; throws 401 on a missing, forged, expired or revoked token. */
  async verify(token: unknown): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw new UnauthorizedException('unauthorized');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER });
    } catch {
      throw new UnauthorizedException('unauthorized');
    }
    if (typeof claims.sid !== 'string') throw new UnauthorizedException('unauthorized');
    const principal = { id: claims.sub, username: claims.username, role: claims.role, siteIds: claims.siteIds, sessionId: claims.sid, expiresAt: claims.exp * 1000 };
    await this.assertStillValid(principal);
    return principal;
  }

  /** Throws 401 once the token has expired or its session was revoked (checked again on each socket message, from memory). */
  async assertStillValid(principal: Principal): Promise<void> {
    if (principal.expiresAt <= Date.now() || !(await this.sessionCheck.isLive(principal.sessionId))) throw new UnauthorizedException('unauthorized');
  }

  /** Which of these sign-in sessions are still live (one query for every socket of an instance). */
  liveSessionIds(sessionIds: readonly string[]): Promise<Set<string>> {
    return this.sessions.findLiveIds(sessionIds);
  }

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  verifyPassword(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password);
  }

  private async issue(user: AuthUser, sessionId: string): Promise<RefreshResponse> {
    const authUser: AuthUser = { id: user.id, username: user.username, role: user.role, siteIds: user.siteIds };
    const claims: Omit<TokenClaims, 'exp'> = { sub: user.id, sid: sessionId, username: user.username, role: user.role, siteIds: user.siteIds };
    const accessToken = await this.jwt.signAsync(claims, { audience: AUDIENCE, issuer: ISSUER, expiresIn: this.config.accessTokenTtlSeconds });
    return { accessToken, expiresIn: this.config.accessTokenTtlSeconds, user: authUser };
  }
}
