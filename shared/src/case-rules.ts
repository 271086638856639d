import type { CaseStatus, Role } from './enums.js';

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

/** Once escalated, a case belongs to the Central Coordination Office: only its staff change it. */
export function canEditCase(role: Role, status: CaseStatus): boolean {
  if (role === 'coordinator' || role === 'admin') return true;
  return role === 'assistant' && status !== 'escalated' && status !== 'resolved';
}
