import { ForbiddenException } from '@nestjs/common';
import { isSiteBound, type AuthUser } from '@marhaba/shared';
import { refusal } from './api-error.js';

/** The sites a user may see: an assistant only its own; null means every site. */
export function visibleSiteIds(user: AuthUser): string[] | null {
  return isSiteBound(user.role) ? user.siteIds : null;
}

export function canSeeSite(user: AuthUser, siteId: string): boolean {
  const visible = visibleSiteIds(user);
  return visible === null || visible.includes(siteId);
}

/** A 403 that names the site asked for, so that the audit log can record it. */
export class SiteAccessDeniedException extends ForbiddenException {
  constructor(readonly siteId: string) {
    super(refusal('site_not_assigned', `no access to site ${siteId}`));
  }
}

/** The one check that keeps an assistant to its own sites, for reads and writes alike. */
export function assertSiteAccess(user: AuthUser, siteId: string): void {
  if (!canSeeSite(user, siteId)) throw new SiteAccessDeniedException(siteId);
}
