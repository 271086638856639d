import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AuthUser, Permission } from '@marhaba/shared';

export const IS_PUBLIC = 'isPublic';
export const PERMISSION_KEY = 'permission';

/**
 * Opens a route to anonymous callers; everything else requires a valid token (global guard). The
 * OpenAPI description says so (`x-public`), for integrators and for the access-control tests.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/**
 * Restricts a route to the roles that hold this permission (`PERMISSIONS` in @marhaba/shared); the
 * OpenAPI description names it (`x-permission`).
 */
export const Allow = (permission: Permission) => applyDecorators(SetMetadata(PERMISSION_KEY, permission), ApiExtension('x-permission', permission));

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
