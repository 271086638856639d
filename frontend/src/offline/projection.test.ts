import { describe, expect, it } from 'vitest';
import type { CaseView } from '@marhaba/shared';
import type { StoredRecord } from './outbox-record';
import { addModeFlows, directionTotal, movementFlows, projectCases } from './projection';
import { SITE } from './test-support';

let seq = 0;
const stored = (record: object) => ({ v: 1, siteId: SITE, queuedAt: new Date().toISOString(), attempts: 0, seq: ++seq, ...record }) as unknown as StoredRecord;
const moving = (direction: 'arrival' | 'departure', mode: 'car' | 'bus', people: number, vehicles: number, siteId = SITE) =>
  stored({ kind: 'movement', id: crypto.randomUUID(), siteId, body: { id: crypto.randomUUID(), siteId, direction, mode, people, vehicles, occurredAt: new Date().toISOString() } });

const serverCase = (overrides: Partial<CaseView>): CaseView => ({
  id: crypto.randomUUID(), siteId: SITE, category: 'customs', subcategory: null, priority: 'normal', status: 'open', beneficiary: null, summary: null, assignee: null,
  openedAt: '2024-08-28T08:00:00.000Z', escalatedAt: null, resolvedAt: null, createdAt: '2024-08-28T08:00:00.000Z', updatedAt: '2024-08-28T08:00:00.000Z', version: 1, ...overrides,
});

describe('projection of the outbox', () => {
  it('should add what waits to the server figures, per direction and mode, for this site only', () => {
    const waiting = [moving('arrival', 'car', 4, 1), moving('arrival', 'car', 3, 1), moving('departure', 'bus', 50, 1), moving('arrival', 'car', 9, 1, 'nador')];
    const sut = addModeFlows({ arrival: { car: { people: 100, vehicles: 25 } }, departure: {} }, movementFlows(waiting, SITE));
    expect(sut).toEqual({ arrival: { car: { people: 107, vehicles: 27 } }, departure: { bus: { people: 50, vehicles: 1 } } });
    expect(directionTotal(sut, 'arrival')).toEqual({ people: 107, vehicles: 27 });
  });

  it('should show waiting cases and changes, with the version the next change must carry, and hide resolved ones', () => {
    const onServer = serverCase({ version: 3, status: 'in_progress' });
    const resolvedLocally = serverCase({});
    const created = stored({ kind: 'case', id: 'c', body: { id: crypto.randomUUID(), siteId: SITE, category: 'medical', priority: 'high', openedAt: '2024-08-28T09:00:00.000Z' } });
    const waiting = [
      stored({ kind: 'case-change', caseId: onServer.id, body: { version: 3, status: 'escalated', changeId: crypto.randomUUID() } }),
      created,
      stored({ kind: 'case-change', caseId: (created as { body: { id: string } }).body.id, body: { version: 1, status: 'in_progress', changeId: crypto.randomUUID() } }),
      stored({ kind: 'case-change', caseId: resolvedLocally.id, body: { version: 1, status: 'resolved', changeId: crypto.randomUUID() } }),
    ];
    const sut = projectCases([onServer, resolvedLocally], waiting, SITE);
    expect(sut.map((c) => [c.category, c.status, c.version, c.pending])).toEqual([
      ['medical', 'in_progress', 2, true],
      ['customs', 'escalated', 4, true],
    ]);
  });

  it('should not count twice a change the server already shows', () => {
    const escalated = serverCase({ version: 2, status: 'escalated' });
    const waiting = [stored({ kind: 'case-change', caseId: escalated.id, body: { version: 1, status: 'escalated', changeId: crypto.randomUUID() } })];
    expect(projectCases([escalated], waiting, SITE).map((c) => [c.status, c.version])).toEqual([['escalated', 2]]);
  });
});
