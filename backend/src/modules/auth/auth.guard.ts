import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hasPermission, type AuthUser, type Permission } from '@marhaba/shared';
import { IS_PUBLIC, PERMISSION_KEY } from '../../common/auth.decorators.js';
import { RateLimits } from '../../common/rate-limits.js';
import { AuthService } from './auth.service.js';

/** Global guard: every HTTP route needs a bearer token unless marked @Public(), and a role holding the permission when marked @Allow(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // the socket gateway authenticates in its handshake middleware
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('missing bearer token');
    const user = await this.auth.verify(header.slice('Bearer '.length));
    request.user = user;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (permission && !hasPermission(user.role, permission)) throw new ForbiddenException(`role ${user.role} may not do this`);
    if (request.method !== 'GET') await this.rateLimits.write(user);
    return true;
  }
}
