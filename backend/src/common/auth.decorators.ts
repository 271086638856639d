import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser, Permission } from '@marhaba/shared';

export const IS_PUBLIC = 'isPublic';
export const PERMISSION_KEY = 'permission';

/** Opens a route to anonymous callers; everything else requires a valid token (global guard). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to the roles that hold this permission (common/permissions.ts). */
export const Allow = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
