import { hasPermission, type Permission, type Role } from '@marhaba/shared';
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (the login page). */
    public?: boolean;
    /** The permission a role needs to open the page (`PERMISSIONS` in `@marhaba/shared`). */
    permission?: Permission;
    /** The message key of the page's name, for the window title. */
    title?: string;
  }
}

/** Where a role lands after signing in: supervisors read the season's statistics, the others the live console. */
export function homeFor(role: Role): RouteLocationRaw {
  return role === 'supervisor' ? { name: 'stats' } : { name: 'console' };
}

/** Whether a navigation may go on (`true`) or where it goes instead: sign in first, and only to pages the role may open. */
export function guard(to: Pick<RouteLocationNormalized, 'name' | 'meta' | 'fullPath'>, role: Role | null): true | RouteLocationRaw {
  if (role === null) return to.meta.public ? true : { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.name === 'login') return homeFor(role);
  if (to.meta.permission && !hasPermission(role, to.meta.permission)) return homeFor(role);
  return true;
}
