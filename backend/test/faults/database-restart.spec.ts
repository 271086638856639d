import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { Cluster } from '../support/cluster.js';
import { randomInt, reportFigures, sleep, waitFor } from '../support/faults.js';
import type { ServerProcess } from '../support/server-process.js';
import { movement, newCase, openLive } from '../support/test-app.js';

/** Writers' sites (ports and a border, where cars are counted); the idle test writes at tanger-med. */
const SITES = ['tanger-ville', 'nador', 'bab-sebta', 'al-hoceima'];
const BATCH = 200;

// This file stops and starts PostgreSQL: it runs its own, never the one other test files share.
describe('PostgreSQL restarted under a running backend (its own PostgreSQL, the built server as a process)', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let port: number;
  let cluster: Cluster;
  let server: ServerProcess;
  let token: string;

  const restartDatabase = async () => {
    db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined, { port });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marhaba-db-restart-'));
    chmodSync(dir, 0o755);
    db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined);
    port = Number(new URL(db.url).port);
    cluster = await Cluster.start({ databaseUrl: db.url });
    [server] = cluster.instances;
    token = await server.login();
  });
  afterAll(async () => {
    await cluster?.stop();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer 503 while an idle database is down, keep running, and recover by itself', async () => {
    const pid = server.child.pid;
    const before = movement({ siteId: 'tanger-med' });
    expect((await server.request('POST', '/api/movements', token, { movements: [before] })).status).toBe(200);
    const live = openLive(server.baseUrl, token);
    await live.snapshot;

    await db.stop();
    const during = movement({ siteId: 'tanger-med' });
    const write = await server.request('POST', '/api/movements', token, { movements: [during] });
    expect(write).toMatchObject({ status: 503, body: { statusCode: 503, error: 'Service Unavailable' } });
    const overSocket = movement({ siteId: 'tanger-med' });
    expect(await live.socket.emitWithAck('movements', { movements: [overSocket] } as never)).toMatchObject({ ok: false, error: { statusCode: 503 } });
    expect((await server.request('GET', '/api/health')).status).toBe(503);
    expect((await server.request('GET', '/api/live/snapshot', token)).status).toBe(503);
    expect((await server.request('POST', '/api/auth/login', undefined, { username: 'coordinator', password: 'marhaba' })).status).toBe(503);

    await restartDatabase();
    const upAt = Date.now();
    await waitFor('the health check to pass again', async () => (await server.request('GET', '/api/health')).status === 200, 60_000);
    const recoverMs = Date.now() - upAt;
    expect((await server.request('POST', '/api/movements', token, { movements: [during] })).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await server.request('POST', '/api/movements', token, { movements: [before] })).body).toEqual({ accepted: 0, duplicates: 1 });
    // The dashboard's socket stayed up through the outage and writes again.
    expect(live.socket.connected).toBe(true);
    expect(await live.socket.emitWithAck('movements', { movements: [overSocket] } as never)).toEqual({ ok: true, data: { accepted: 1, duplicates: 0 } });
    live.socket.disconnect();
    expect(await cluster.query("SELECT count(*)::int AS n FROM movements WHERE site_id = 'tanger-med'")).toEqual([{ n: 3 }]);
    // The same process throughout: no restart was needed.
    expect(server.child.exitCode).toBeNull();
    expect(server.child.pid).toBe(pid);
    reportFigures('database-restart-idle', { status_during_gap: write.status, recover_ms: recoverMs, backend_restarts: 0 });
  });

  it('should keep every batch whole when PostgreSQL stops under writes in flight, and carry on once it is back', async () => {
    const pid = server.child.pid;
    const tokens = await Promise.all(SITES.map((site) => server.login(`assistant-${site}`)));
    type Batch = { ids: string[]; body: { movements: ReturnType<typeof movement>[] }; acked: boolean };
    const batches: Batch[] = [];
    const cases: { id: string; acked: boolean }[] = [];
    const statuses = new Map<string, number>();
    let inFlight = 0;
    let acked = 0;
    let lastAckAt = 0;
    let stopping = false;

    const count = (status: string) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const send = async (path: string, who: string, body: unknown): Promise<boolean> => {
      inFlight++;
      try {
        const res = await server.request('POST', path, who, body, 20_000);
        count(String(res.status));
        if (res.status === 200 || res.status === 201) {
          acked++;
          lastAckAt = Date.now();
          return true;
        }
        return false;
      } catch (error) {
        count(`no answer: ${(error as Error).name}`);
        return false;
      } finally {
        inFlight--;
      }
    };
    // Each writer sends new records one after the other and never resends during the run: what a
    // failed request left behind is checked first, then resent.
    const writer = async (site: string, who: string) => {
      for (let i = 0; !stopping; i++) {
        const body = { movements: Array.from({ length: BATCH }, () => movement({ siteId: site, people: randomInt(1, 6), vehicles: 1 })) };
        const batch: Batch = { ids: body.movements.map((m) => m.id), body, acked: false };
        batches.push(batch);
        batch.acked = await send('/api/movements', who, body);
        if (!batch.acked) await sleep(100); // a tablet paces itself after a failure
        if (i % 3 === 0) {
          const c = newCase({ siteId: site });
          const entry = { id: c.id, acked: false };
          cases.push(entry);
          entry.acked = await send('/api/cases', who, c);
        }
      }
    };

    const writers = SITES.map((site, i) => writer(site, tokens[i]));
    const t = { inFlightAtStop: 0, stoppedAt: 0, downAt: 0, upAt: 0, recoverMs: 0 };
    try {
      await waitFor('writes to flow', () => acked >= 20, 60_000, 10);
      t.inFlightAtStop = inFlight;
      t.stoppedAt = Date.now();
      await db.stop();
      t.downAt = Date.now();
      const before503 = statuses.get('503') ?? 0;
      // Down for a few seconds at least, answering 503 meanwhile.
      await waitFor('the backend to answer 503 for 3 s while PostgreSQL is down', () => (statuses.get('503') ?? 0) >= before503 + 20 && Date.now() - t.downAt >= 3_000, 60_000, 10);
      await restartDatabase();
      t.upAt = Date.now();
      await waitFor('a write acknowledged after the restart', () => lastAckAt > t.upAt, 60_000, 10);
      t.recoverMs = lastAckAt - t.upAt;
      const ackedAtRecovery = acked;
      await waitFor('writes to flow again', () => acked >= ackedAtRecovery + 20, 60_000, 10);
    } finally {
      stopping = true;
      await Promise.all(writers);
    }

    // Whole or absent, never in part: what each batch left behind, before anything is resent.
    const stored = new Map(
      (await cluster.query<{ id: string }>('SELECT id FROM movements WHERE id = ANY($1::uuid[])', [batches.flatMap((b) => b.ids)])).map((r) => [r.id, true]),
    );
    const kept = batches.map((b) => b.ids.filter((id) => stored.has(id)).length);
    const halfStored = kept.filter((n) => n !== 0 && n !== BATCH).length;
    const lost = batches.filter((b, i) => b.acked && kept[i] !== BATCH).length;
    const failed = batches.filter((b) => !b.acked);
    // Then the tablets resend what failed, with the same ids: stored once, the rest recognised.
    let resentAccepted = 0;
    for (const b of failed) {
      const res = await server.request('POST', '/api/movements', token, b.body);
      expect(res.status).toBe(200);
      expect(res.body.accepted + res.body.duplicates).toBe(BATCH);
      resentAccepted += res.body.accepted;
    }
    const [totals] = await cluster.query(
      `SELECT (SELECT count(*)::int FROM movements WHERE site_id = ANY($1)) AS rows,
              (SELECT coalesce(sum(movements), 0)::int FROM traffic_days WHERE site_id = ANY($1)) AS "inDays",
              (SELECT coalesce(sum(movements), 0)::int FROM traffic_buckets WHERE site_id = ANY($1)) AS "inBuckets",
              (SELECT count(*)::int FROM cases WHERE id = ANY($2::uuid[])) AS cases,
              (SELECT count(*)::int FROM case_events WHERE action = 'created' AND case_id = ANY($2::uuid[])) AS "caseEvents"`,
      [SITES, cases.map((c) => c.id)],
    );
    const ackedCasesStored = (await cluster.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[])', [cases.filter((c) => c.acked).map((c) => c.id)]))[0].n;
    const unanswered = [...statuses].filter(([s]) => s.startsWith('no answer')).reduce((n, [, v]) => n + v, 0);
    const otherErrors = [...statuses].filter(([s]) => !['200', '201', '503'].includes(s) && !s.startsWith('no answer')).reduce((n, [, v]) => n + v, 0);

    reportFigures('database-restart-busy', {
      batches: batches.length,
      batch_size: BATCH,
      in_flight_at_stop: t.inFlightAtStop,
      answered_503: statuses.get('503') ?? 0,
      other_errors: otherErrors,
      unanswered,
      half_stored: halfStored,
      lost,
      failed_then_resent: failed.length,
      resent_accepted: resentAccepted,
      duplicates: Math.max(0, totals.inDays - totals.rows) + Math.max(0, totals.inBuckets - totals.rows) + Math.max(0, totals.caseEvents - totals.cases),
      stop_ms: t.downAt - t.stoppedAt,
      down_ms: t.upAt - t.downAt,
      recover_ms: t.recoverMs,
      backend_restarts: server.child.pid === pid ? 0 : 1,
      statuses: JSON.stringify(Object.fromEntries(statuses)).replace(/ /g, '_'),
    });

    expect(server.child.exitCode).toBeNull();
    expect(server.child.pid).toBe(pid);
    expect(otherErrors).toBe(0);
    expect(unanswered).toBe(0);
    expect(statuses.get('503')).toBeGreaterThanOrEqual(20);
    expect(halfStored).toBe(0);
    expect(lost).toBe(0);
    expect(totals).toEqual({ rows: batches.length * BATCH, inDays: batches.length * BATCH, inBuckets: batches.length * BATCH, cases: totals.cases, caseEvents: totals.cases });
    expect(ackedCasesStored).toBe(cases.filter((c) => c.acked).length);
  }, 240_000);
});
