import type { CaseStatus, Role } from './enums.js';
import { hasPermission } from './permissions.js';

/**
 * The case life cycle: open → in_progress → escalated (Central Coordination Office) → resolved.
 * Steps may be skipped forwards (most cases are resolved on the spot); resolved is final.
 */
const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['in_progress', 'escalated', 'resolved'],
  in_progress: ['escalated', 'resolved'],
  escalated: ['resolved'],
  resolved: [],
};

export function allowedNextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return NEXT_STATUSES[from];
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** A case is open (counted in "open cases", listed on the site) until it is resolved. */
export const OPEN_CASE_STATUSES = ['open', 'in_progress', 'escalated'] as const satisfies readonly CaseStatus[];

export function isOpenCase(status: CaseStatus): boolean {
  return status !== 'resolved';
}

/** Whether a change from `from` to `to` escalates the case: counted once, the first time it reaches escalated. */
export function isEscalation(from: CaseStatus, to: CaseStatus | undefined): boolean {
  return to === 'escalated' && from !== 'escalated';
}

/** Statuses in which a case is still the site's to change; after them it belongs to the Central Coordination Office. */
const SITE_STATUSES: readonly CaseStatus[] = ['open', 'in_progress'];

/** Once escalated, a case belongs to the Central Coordination Office: only its staff change it. */
export function canEditCase(role: Role, status: CaseStatus): boolean {
  if (!hasPermission(role, 'writeCases')) return false;
  return hasPermission(role, 'handleEscalatedCases') || SITE_STATUSES.includes(status);
}
