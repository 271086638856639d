import { describe, expect, it } from '@jest/globals';
import { AuditBuffer } from './audit-buffer.js';
import type { AuditRow } from './audit.repository.js';

const refusal = (target: string, address = '10.0.0.1'): AuditRow => ({
  at: new Date('2024-07-01T10:00:00Z'),
  kind: 'access_refused',
  actorId: null,
  username: null,
  role: null,
  address,
  siteId: null,
  caseId: null,
  count: 1,
  details: { channel: 'http', target, status: 401, message: 'unauthorized' },
});

describe(AuditBuffer.name, () => {
  it('should merge identical rows into one with their count', () => {
    const sut = new AuditBuffer(10);
    for (let i = 0; i < 1000; i++) sut.add(refusal('GET /api/cases'));
    sut.add(refusal('GET /api/cases', '10.0.0.2'));
    const rows = sut.drain(new Date());
    expect(rows.map((r) => [r.address, r.count])).toEqual([
      ['10.0.0.1', 1000],
      ['10.0.0.2', 1],
    ]);
    expect(sut.empty).toBe(true);
  });

  it('should hold at most its capacity of distinct rows and count the rest per kind in one overflow row', () => {
    const sut = new AuditBuffer(3);
    for (let i = 0; i < 100; i++) sut.add(refusal(`GET /api/cases/${i}`));
    sut.add({ ...refusal('POST /api/auth/login'), kind: 'sign_in_failed', username: 'someone' });
    expect(sut.size).toBe(3);
    const now = new Date('2024-07-01T10:00:02Z');
    const rows = sut.drain(now);
    expect(rows).toHaveLength(5);
    expect(rows.slice(3)).toEqual([
      { at: now, kind: 'access_refused', actorId: null, username: null, role: null, address: null, siteId: null, caseId: null, count: 97, details: { overflow: true } },
      { at: now, kind: 'sign_in_failed', actorId: null, username: null, role: null, address: null, siteId: null, caseId: null, count: 1, details: { overflow: true } },
    ]);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(101);
  });

  it('should take back rows that were not written, merging them with what came meanwhile', () => {
    const sut = new AuditBuffer(2);
    sut.add(refusal('GET /api/a'));
    sut.add(refusal('GET /api/b'));
    sut.add(refusal('GET /api/c'));
    const failed = sut.drain(new Date());
    sut.add(refusal('GET /api/a'));
    sut.restore(failed);
    const rows = sut.drain(new Date());
    expect(rows.map((r) => [r.details.target ?? 'overflow', r.count])).toEqual([
      ['GET /api/a', 2],
      ['GET /api/b', 1],
      ['overflow', 1],
    ]);
  });
});
