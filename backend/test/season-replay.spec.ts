import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { replaySeason, type ReplayReport } from '../src/simulator/replay.js';
import { TestApp } from './support/test-app.js';

/**
 * A scaled-down 2024 season played through the public HTTP API into a fresh database, 5 % of the
 * movement batches sent twice: the statistics must equal what the simulator says it sent.
 */
describe('a replayed season (1 % scale) through the HTTP API', () => {
  let app: TestApp;
  let report: ReplayReport;

  beforeAll(async () => {
    app = await TestApp.start(undefined, { RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
    report = await replaySeason({ url: app.baseUrl, year: 2024, seed: 'jest', speed: null, scale: 0.01, duplicateRate: 0.05, concurrency: 6, lifecycle: 'full', password: 'marhaba', log: () => undefined });
  }, 600_000);
  afterAll(() => app.close());

  it('should have sent some batches twice and had them all acknowledged as duplicates', () => {
    expect(report.duplicateBatches).toBeGreaterThan(0.02 * report.batches);
    expect(report.sent.arrivals.people).toBe(37_616);
    expect(report.sent.escalated).toBe(439);
  });

  it('should come out of the statistics exactly as sent', async () => {
    const { body } = await app.request('GET', '/api/stats/season/2024', { token: await app.login('supervisor') });
    const { sent } = report;
    expect(body.arrivals).toMatchObject({ people: sent.arrivals.people, vehicles: sent.arrivals.vehicles, byChannel: sent.arrivals.byChannel });
    expect(body.departures).toMatchObject({ people: sent.departures.people, vehicles: sent.departures.vehicles, byChannel: sent.departures.byChannel });
    expect(body.assistance.byCategory).toEqual(sent.assistance);
    expect(body.centralOffice.processed).toBe(sent.escalated);
    expect(body.busStaging).toEqual(sent.busStaging);
    expect(body.daily.reduce((s: number, d: { arrivals: number }) => s + d.arrivals, 0)).toBe(sent.arrivals.people);
  });

  it('should have stored each movement, case and change once', async () => {
    const [counts] = await app.query(
      `SELECT (SELECT count(*)::int FROM movements) AS movements, (SELECT count(*)::int FROM cases) AS cases,
              (SELECT count(*)::int FROM case_events WHERE action = 'updated') AS changes, (SELECT count(*)::int FROM holding_reports) AS holding`,
    );
    expect(counts).toEqual({ movements: report.sent.movements, cases: Object.values(report.sent.assistance).reduce((a, b) => a + b, 0), changes: report.sent.caseChanges, holding: report.sent.holdingReports });
  });

  it('should leave most cases resolved and the escalated ones marked', async () => {
    const rows = await app.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM cases GROUP BY status');
    const n = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect(n.resolved / total).toBeGreaterThan(0.85);
    const [escalated] = await app.query('SELECT count(*)::int AS n FROM cases WHERE escalated_at IS NOT NULL');
    expect(escalated.n).toBe(report.sent.escalated);
  });
});
