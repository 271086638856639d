import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import type { LiveSnapshot } from '@marhaba/shared';
import { Cluster } from '../support/cluster.js';
import { LiveMirror, reportFigures, shownFigures, sleep, waitFor } from '../support/faults.js';
import { redisAvailable } from '../support/redis.js';
import type { ServerProcess } from '../support/server-process.js';
import { movement, newCase, openLive } from '../support/test-app.js';

const OUTAGE_MS = 60_000;
/**
 * Instance A writes in the first 20 s of the outage only, B throughout. What A broadcast then can be lost
 * for good (its Redis client gives queued commands up after about 30 s of reconnection attempts), and
 * no later event from A shows B's dashboards that they missed something: the case to recover from.
 */
const A_WRITES_MS = 20_000;

(redisAvailable() ? describe : describe.skip)('Redis stopped for 60 s under two instances (real redis-server, built servers as processes)', () => {
  let cluster: Cluster;
  let a: ServerProcess;
  let b: ServerProcess;
  const mirrors: LiveMirror[] = [];

  beforeAll(async () => {
    cluster = await Cluster.start({ instances: 2, redis: true });
    [a, b] = cluster.instances;
  });
  afterAll(async () => {
    mirrors.forEach((m) => m.socket.disconnect());
    await cluster?.stop();
  });

  it('should keep accepting writes on both instances, and bring every dashboard back to what a fresh snapshot shows', async () => {
    const token = await a.login('coordinator');
    const pids = [a.child.pid, b.child.pid];
    // Two dashboards on each instance, connected as the console connects (batched deltas, reconnection on).
    for (const server of [a, a, b, b]) mirrors.push(new LiveMirror(openLive(server.baseUrl, token, { trafficBatch: true }, { reconnection: true }).socket));
    await waitFor('every dashboard to take its snapshot', () => mirrors.every((m) => m.ready), 30_000);
    // A tablet writing through the socket of instance B.
    const tablet = openLive(b.baseUrl, await b.login('assistant-nador'), {}, { reconnection: true });
    await tablet.snapshot;

    const sent = { movements: 0, cases: 0 };
    const refused: string[] = [];
    let aMovements = 0;
    const accepted = (what: 'movements' | 'cases', n: number, label: string) => (status: number) => {
      if (status === 200 || status === 201) sent[what] += n;
      else refused.push(`${label}: ${status}`);
      return status;
    };
    const write = async (round: number, withA: boolean) => {
      const batch = (siteId: string, people: number) => ({ movements: Array.from({ length: 20 }, () => movement({ siteId, people, vehicles: 1 })) });
      const onB = batch('nador', 2);
      const writes = [
        round % 2 === 0
          ? b.request('POST', '/api/movements', token, onB).then((r) => r.status)
          : tablet.socket.timeout(20_000).emitWithAck('movements', onB as never).then((r) => (r.ok ? 200 : r.error.statusCode)),
      ].map((w) => w.then(accepted('movements', 20, `B movements ${round}`)));
      if (round % 5 === 0) writes.push(b.request('POST', '/api/cases', token, newCase({ siteId: 'nador' })).then((r) => accepted('cases', 1, `B case ${round}`)(r.status)));
      if (withA) {
        writes.push(
          a.request('POST', '/api/movements', token, batch('tanger-med', 3)).then((r) => {
            if (accepted('movements', 20, `A movements ${round}`)(r.status) === 200) aMovements += 20;
            return r.status;
          }),
        );
        if (round % 5 === 0) writes.push(a.request('POST', '/api/cases', token, newCase({ siteId: 'tanger-med' })).then((r) => accepted('cases', 1, `A case ${round}`)(r.status)));
      }
      await Promise.all(writes);
    };

    await cluster.redis!.stop();
    const downAt = Date.now();
    let rounds = 0;
    while (Date.now() - downAt < OUTAGE_MS) {
      await write(rounds++, Date.now() - downAt < A_WRITES_MS);
      await sleep(500);
    }
    const healthDuring = await Promise.all([a, b].map(async (s) => (await s.request('GET', '/api/health')).status));
    await cluster.restartRedis();
    const upAt = Date.now();

    // No more writes: the dashboards must catch up by themselves, including with what A stored while B could not hear of it.
    let fresh: LiveSnapshot | null = null;
    await waitFor(
      'every dashboard to show what a fresh snapshot shows',
      async () => {
        fresh = (await b.request('GET', '/api/live/snapshot', token)).body as LiveSnapshot;
        return mirrors.every((m) => m.shows(fresh!));
      },
      120_000,
      250,
    );
    const consistentMs = Date.now() - upAt;
    await waitFor('both instances to report healthy', async () => (await Promise.all([a, b].map((s) => s.request('GET', '/api/health')))).every((r) => r.status === 200), 60_000, 250);
    const healthyMs = Date.now() - upAt;

    const [stored] = await cluster.query(
      `SELECT (SELECT count(*)::int FROM movements) AS movements, (SELECT count(*)::int FROM cases) AS cases, (SELECT coalesce(sum(movements), 0)::int FROM traffic_days) AS "inDays"`,
    );
    reportFigures('redis-outage', {
      outage_ms: upAt - downAt,
      instances: 2,
      dashboards: mirrors.length,
      writes_during_outage: rounds,
      movements_accepted: sent.movements,
      cases_accepted: sent.cases,
      refused: refused.length,
      stored_movements: stored.movements,
      stored_cases: stored.cases,
      lost: sent.movements - stored.movements + (sent.cases - stored.cases),
      crashes: [a, b].filter((s, i) => s.child.exitCode !== null || s.child.pid !== pids[i]).length,
      health_during: healthDuring.join('/'),
      consistent_after_ms: consistentMs,
      healthy_after_ms: healthyMs,
      snapshots_per_dashboard: mirrors.map((m) => m.snapshots).join('/'),
      gaps_per_dashboard: mirrors.map((m) => m.gaps).join('/'),
    });

    expect(refused).toEqual([]);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
    expect([a.child.pid, b.child.pid]).toEqual(pids);
    expect(stored).toEqual({ movements: sent.movements, cases: sent.cases, inDays: sent.movements });
    // The figures the dashboards ended on are the stored ones: every write of the outage is in them.
    const tangerMed = shownFigures(fresh!.sites)['tanger-med'] as { today: { arrivals: { people: number } } };
    expect(tangerMed.today.arrivals.people).toBe(aMovements * 3);
    tablet.socket.disconnect();
  }, 300_000);
});
