import { hasPermission, type Permission, type Role } from '@marhaba/shared';
import type { RouteLocationRaw, RouteLocationResolved } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (the login page). */
    public?: boolean;
    /** The roles that may open the page: an entry of `PERMISSIONS` in `@marhaba/shared` (e.g. `readSeasonStats`). */
    roles?: readonly Role[];
    /** The message key of the page's name, for the window title. */
    title?: string;
  }
}

/**
 * Where a role lands after signing in, the first of these pages it may open: site assistants in the
 * tablet app; those who act on the live picture (coordinators, admins) in the console; those who only
 * read it (supervisors) on the season's statistics.
 */
const LANDINGS: readonly { permission: Permission; name: string }[] = [
  { permission: 'openSiteApp', name: 'site-app' },
  { permission: 'acknowledgeAlerts', name: 'console' },
  { permission: 'readSeasonStats', name: 'stats' },
];

export function homeFor(role: Role): RouteLocationRaw {
  return { name: LANDINGS.find((landing) => hasPermission(role, landing.permission))?.name ?? 'console' };
}

/** Whether a navigation may go on (`true`) or where it goes instead: sign in first, and only to pages the role may open. */
export function guard(to: Pick<RouteLocationResolved, 'name' | 'meta' | 'fullPath'>, role: Role | null): true | RouteLocationRaw {
  if (role === null) return to.meta.public ? true : { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.name === 'login') return homeFor(role);
  if (to.meta.roles && !to.meta.roles.includes(role)) return homeFor(role);
  return true;
}
