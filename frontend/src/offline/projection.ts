import { DIRECTIONS, isOpenCase, type CaseView, type Direction, type Flow, type Mode, type ModeFlows } from '@marhaba/shared';
import type { StoredRecord } from './outbox-record';

export function emptyModeFlows(): ModeFlows {
  return { arrival: {}, departure: {} };
}

/** Adds flows per direction and mode: the server's figures, then what still waits on the tablet. */
export function addModeFlows(...parts: ModeFlows[]): ModeFlows {
  const sum = emptyModeFlows();
  for (const part of parts) {
    for (const direction of DIRECTIONS) {
      for (const [mode, flow] of Object.entries(part[direction]) as [Mode, Flow][]) {
        const into = (sum[direction][mode] ??= { people: 0, vehicles: 0 });
        into.people += flow.people;
        into.vehicles += flow.vehicles;
      }
    }
  }
  return sum;
}

/** The movements of a site among records, as flows per direction and mode. */
export function movementFlows(records: readonly StoredRecord[], siteId: string): ModeFlows {
  const flows = emptyModeFlows();
  for (const r of records) {
    if (r.kind !== 'movement' || r.siteId !== siteId) continue;
    const into = (flows[r.body.direction][r.body.mode] ??= { people: 0, vehicles: 0 });
    into.people += r.body.people;
    into.vehicles += r.body.vehicles;
  }
  return flows;
}

export function directionTotal(flows: ModeFlows, direction: Direction): Flow {
  return Object.values(flows[direction]).reduce((sum, f) => ({ people: sum.people + f.people, vehicles: sum.vehicles + f.vehicles }), { people: 0, vehicles: 0 });
}

/** A case as the assistant sees it: the server's state with the changes still waiting applied. */
export type SiteCase = Pick<CaseView, 'id' | 'siteId' | 'category' | 'subcategory' | 'priority' | 'status' | 'summary' | 'openedAt' | 'version' | 'beneficiary'> & {
  /** Its creation or a change of it has not reached the server yet. */
  pending: boolean;
};

/**
 * The site's open cases: the server's, plus those created on the tablet and not sent, with
 * every waiting change applied in order. `version` is the one the next change must carry.
 */
export function projectCases(server: readonly CaseView[], waiting: readonly StoredRecord[], siteId: string): SiteCase[] {
  const cases = new Map<string, SiteCase>(server.filter((c) => c.siteId === siteId).map((c) => [c.id, { ...c, pending: false }]));
  for (const r of waiting) {
    if (r.siteId !== siteId) continue;
    if (r.kind === 'case') {
      const b = r.body;
      cases.set(b.id, {
        id: b.id,
        siteId: b.siteId,
        category: b.category,
        subcategory: b.subcategory ?? null,
        priority: b.priority,
        status: 'open',
        summary: b.summary ?? null,
        openedAt: b.openedAt,
        version: 1,
        beneficiary: b.beneficiary ?? null,
        pending: true,
      });
    } else if (r.kind === 'case-change') {
      const c = cases.get(r.caseId);
      // The server already shows this status (its answer was lost, the live event was not): nothing more to count.
      if (c && !c.pending && r.body.status === c.status) continue;
      if (c) cases.set(c.id, { ...c, status: r.body.status ?? c.status, version: c.version + 1, pending: true });
    }
  }
  return [...cases.values()].filter((c) => isOpenCase(c.status)).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
}
