import type { Role } from '@marhaba/shared';
import type { RouteLocationRaw, RouteLocationResolved } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (the login page). */
    public?: boolean;
    /** The roles that may open the page (for the statistics, `PERMISSIONS.readSeasonStats` in `@marhaba/shared`). */
    roles?: readonly Role[];
    /** The message key of the page's name, for the window title. */
    title?: string;
  }
}

/**
 * Where a role lands after signing in: site assistants in the tablet app, supervisors on the season's
 * statistics, coordinators and admins in the live console.
 */
export function homeFor(role: Role): RouteLocationRaw {
  if (role === 'assistant') return { name: 'site-app' };
  return role === 'supervisor' ? { name: 'stats' } : { name: 'console' };
}

/** Whether a navigation may go on (`true`) or where it goes instead: sign in first, and only to pages the role may open. */
export function guard(to: Pick<RouteLocationResolved, 'name' | 'meta' | 'fullPath'>, role: Role | null): true | RouteLocationRaw {
  if (role === null) return to.meta.public ? true : { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.name === 'login') return homeFor(role);
  if (to.meta.roles && !to.meta.roles.includes(role)) return homeFor(role);
  return true;
}
