import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { Cluster } from '../support/cluster.js';
import { randomInt, reportFigures, sleep, waitFor } from '../support/faults.js';
import type { ServerProcess } from '../support/server-process.js';
import { newCase, type LiveClient } from '../support/test-app.js';

const MOVEMENTS = 30_000;
const BATCH = 250;
const CASES = 3_000;
const KILLS = 5;
/** Tablets, one per site, each signed in as that site's assistant; even ones write over HTTP, odd ones over the socket. */
const SITES = ['tanger-med', 'tanger-ville', 'nador', 'al-hoceima', 'bab-sebta', 'mediterranee', 'casablanca-mohammed-v', 'marrakech-menara'];
const AIRPORTS = new Set(['casablanca-mohammed-v', 'marrakech-menara']);
const CATEGORIES = ['information', 'administrative', 'customs', 'medical', 'transport'] as const;
/** A tablet gives up (and the test fails) if one record cannot be delivered within this time. */
const DELIVERY_DEADLINE_MS = 120_000;

type Movement = { id: string; siteId: string; direction: string; mode: string; people: number; vehicles: number; occurredAt: string };
type Case = ReturnType<typeof newCase> & { category: (typeof CATEGORIES)[number] };
type Op = { kind: 'movements'; movements: Movement[] } | { kind: 'case'; case: Case };

/** A count from the last three days, out of order, as a tablet back from a dead zone replays it. */
function randomMovement(siteId: string, now: number): Movement {
  const plane = AIRPORTS.has(siteId);
  return {
    id: randomUUID(),
    siteId,
    direction: Math.random() < 0.6 ? 'arrival' : 'departure',
    mode: plane ? 'plane' : 'car',
    people: plane ? randomInt(20, 180) : randomInt(1, 6),
    vehicles: plane ? 0 : 1,
    occurredAt: new Date(now - randomInt(0, 72 * 3_600_000)).toISOString(),
  };
}

/** A tablet's whole backlog: its share of the movement batches, spread among its cases. */
function backlog(siteId: string, movements: number, cases: number, now: number): Op[] {
  const ops: Op[] = Array.from({ length: cases }, () => ({
    kind: 'case' as const,
    case: newCase({ siteId, category: CATEGORIES[randomInt(0, 4)], priority: 'normal', openedAt: new Date(now - randomInt(0, 72 * 3_600_000)).toISOString() }) as Case,
  }));
  const batches = Math.ceil(movements / BATCH);
  for (let b = 0; b < batches; b++) {
    const size = Math.min(BATCH, movements - b * BATCH);
    ops.splice(Math.round((b * ops.length) / batches) + b, 0, { kind: 'movements', movements: Array.from({ length: size }, () => randomMovement(siteId, now)) });
  }
  return ops;
}

type Outcome = { acked: true; duplicate: boolean } | { acked: false; reason: string };

/**
 * A tablet that keeps resending each record, with the same ids, until the server acknowledges it.
 * Anything but an acknowledgement, a 503, a 429 (slow down) or no answer at all is a bug and fails the test.
 */
class Tablet {
  private socket: LiveClient | null = null;

  constructor(
    private readonly server: ServerProcess,
    private readonly token: string,
    readonly overSocket: boolean,
  ) {
    if (overSocket) {
      this.socket = io(`${server.baseUrl}/live`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
    }
  }

  async send(op: Op): Promise<Outcome> {
    return this.socket ? this.sendOverSocket(this.socket, op) : this.sendOverHttp(op);
  }

  close(): void {
    this.socket?.disconnect();
  }

  private async sendOverHttp(op: Op): Promise<Outcome> {
    let res: { status: number; body: any };
    try {
      res = op.kind === 'movements' ? await this.server.request('POST', '/api/movements', this.token, { movements: op.movements }, 20_000) : await this.server.request('POST', '/api/cases', this.token, op.case, 20_000);
    } catch (error) {
      return { acked: false, reason: `no answer (${(error as Error).name})` };
    }
    if (res.status === 503 || res.status === 429) return { acked: false, reason: String(res.status) };
    if (res.status !== 200 && res.status !== 201) throw new Error(`HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return { acked: true, duplicate: op.kind === 'movements' ? res.body.duplicates > 0 : res.status === 200 };
  }

  private async sendOverSocket(socket: LiveClient, op: Op): Promise<Outcome> {
    if (!socket.connected) {
      const connected = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 5_000);
        socket.once('connect', () => (clearTimeout(timer), resolve(true)));
      });
      if (!connected) return { acked: false, reason: 'not connected' };
    }
    let ack: any;
    try {
      ack = op.kind === 'movements' ? await socket.timeout(20_000).emitWithAck('movements', { movements: op.movements } as never) : await socket.timeout(20_000).emitWithAck('case:create', op.case as never);
    } catch (error) {
      return { acked: false, reason: `no acknowledgement (${(error as Error).message})` };
    }
    if (!ack.ok && (ack.error.statusCode === 503 || ack.error.statusCode === 429)) return { acked: false, reason: String(ack.error.statusCode) };
    if (!ack.ok) throw new Error(`socket ${JSON.stringify(ack.error)}`);
    return { acked: true, duplicate: op.kind === 'movements' ? ack.data.duplicates > 0 : ack.data.duplicate };
  }
}

describe('kill -9 during ingest (the built server as a process, real PostgreSQL)', () => {
  let cluster: Cluster;
  let server: ServerProcess;

  beforeAll(async () => {
    cluster = await Cluster.start();
    [server] = cluster.instances;
  });
  afterAll(() => cluster?.stop());

  it('should store every acknowledged record exactly once, with rollups equal to what the tablets sent', async () => {
    const now = Date.now();
    const tokens = await Promise.all(SITES.map((site) => server.login(`assistant-${site}`)));
    const tablets = SITES.map((site, i) => ({ site, client: new Tablet(server, tokens[i], i % 2 === 1), ops: backlog(site, MOVEMENTS / SITES.length, CASES / SITES.length, now) }));
    const total = tablets.reduce((n, t) => n + t.ops.length, 0);
    let acked = 0;
    let ackedMovements = 0;
    let ackedCases = 0;
    let lastAckAt = 0;
    let retries = 0;
    let duplicateAcks = 0;
    const reasons = new Map<string, number>();
    // Set when any task fails or all are done, so that none keeps running after the test.
    let over = false;

    const run = async (tablet: (typeof tablets)[number]) => {
      for (const op of tablet.ops) {
        const deadline = Date.now() + DELIVERY_DEADLINE_MS;
        while (!over) {
          const outcome = await tablet.client.send(op);
          if (outcome.acked) {
            acked++;
            if (op.kind === 'movements') ackedMovements += op.movements.length;
            else ackedCases++;
            lastAckAt = Date.now();
            if (outcome.duplicate) duplicateAcks++;
            break;
          }
          retries++;
          reasons.set(outcome.reason, (reasons.get(outcome.reason) ?? 0) + 1);
          if (Date.now() > deadline) throw new Error(`${tablet.site}: not acknowledged within ${DELIVERY_DEADLINE_MS} ms (last: ${outcome.reason})`);
          await sleep(randomInt(50, 250));
        }
      }
    };

    // Kills at random points of the ingest (by share of records acknowledged), a little after crossing each.
    const killAt = Array.from({ length: KILLS }, (_, i) => (i + 0.2 + Math.random() * 0.6) / (KILLS + 0.5));
    const recoveries: number[] = [];
    const boots: number[] = [];
    const outages: number[] = [];
    const killer = async () => {
      for (const point of killAt) {
        await waitFor(`${Math.round(point * 100)} % of the records acknowledged`, () => over || acked >= point * total, DELIVERY_DEADLINE_MS, 10);
        if (over) return;
        await sleep(randomInt(0, 150));
        const killedAt = Date.now();
        server.child.kill('SIGKILL');
        await server.exited();
        const spawnedAt = Date.now();
        await server.start();
        boots.push(Date.now() - spawnedAt);
        await waitFor('a first acknowledgement after the restart', () => over || lastAckAt > spawnedAt, DELIVERY_DEADLINE_MS, 10);
        recoveries.push(lastAckAt - spawnedAt);
        outages.push(lastAckAt - killedAt);
      }
    };

    const startedAt = Date.now();
    const tasks = [...tablets.map(run), killer()].map((task) =>
      task.catch((error: unknown) => {
        over = true;
        throw error;
      }),
    );
    try {
      await Promise.all(tasks);
    } finally {
      over = true;
      await Promise.allSettled(tasks);
      tablets.forEach((t) => t.client.close());
    }
    const elapsed = Date.now() - startedAt;

    const movements = tablets.flatMap((t) => t.ops.flatMap((op) => (op.kind === 'movements' ? op.movements : [])));
    const cases = tablets.flatMap((t) => t.ops.flatMap((op) => (op.kind === 'case' ? [op.case] : [])));
    const movementIds = movements.map((m) => m.id);
    const caseIds = cases.map((c) => c.id);
    const [stored] = await cluster.query(
      `SELECT (SELECT count(*)::int FROM movements) AS rows,
              (SELECT count(*)::int FROM unnest($1::uuid[]) AS sent(id) WHERE NOT EXISTS (SELECT 1 FROM movements m WHERE m.id = sent.id)) AS lost,
              (SELECT count(*)::int FROM cases) AS cases,
              (SELECT count(*)::int FROM unnest($2::uuid[]) AS sent(id) WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = sent.id)) AS "lostCases",
              (SELECT count(*)::int FROM case_events WHERE action = 'created') AS "createdEvents",
              (SELECT coalesce(sum(opened), 0)::int FROM case_days) AS "casesCounted",
              (SELECT coalesce(sum(movements), 0)::int FROM traffic_days) AS "inDays",
              (SELECT coalesce(sum(movements), 0)::int FROM traffic_buckets) AS "inBuckets"`,
      [movementIds, caseIds],
    );
    // The rollups must add up to what was sent, per site, day and direction (days in Casablanca time).
    const sent = new Map<string, { people: number; vehicles: number }>();
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' });
    for (const m of movements) {
      const day = localDay.format(new Date(m.occurredAt));
      const key = `${m.siteId}|${day}|${m.direction}`;
      const figures = sent.get(key) ?? { people: 0, vehicles: 0 };
      figures.people += m.people;
      figures.vehicles += m.vehicles;
      sent.set(key, figures);
    }
    const inDays = await cluster.query<{ key: string; people: number; vehicles: number }>(
      `SELECT site_id || '|' || to_char(day, 'YYYY-MM-DD') || '|' || direction AS key, sum(people)::int AS people, sum(vehicles)::int AS vehicles FROM traffic_days GROUP BY 1`,
    );
    const inBuckets = await cluster.query<{ key: string; people: number; vehicles: number }>(
      `SELECT site_id || '|' || direction AS key, sum(people)::int AS people, sum(vehicles)::int AS vehicles FROM traffic_buckets GROUP BY 1`,
    );
    const sentBySite = new Map<string, { people: number; vehicles: number }>();
    for (const [key, f] of sent) {
      const [site, , direction] = key.split('|');
      const figures = sentBySite.get(`${site}|${direction}`) ?? { people: 0, vehicles: 0 };
      figures.people += f.people;
      figures.vehicles += f.vehicles;
      sentBySite.set(`${site}|${direction}`, figures);
    }
    const casesBySite = await cluster.query<{ key: string; n: number }>(`SELECT site_id || '|' || category AS key, sum(opened)::int AS n FROM case_days GROUP BY 1`);
    const sentCases = new Map<string, number>();
    for (const c of cases) sentCases.set(`${c.siteId}|${c.category}`, (sentCases.get(`${c.siteId}|${c.category}`) ?? 0) + 1);

    // Anything stored or counted more often than sent: raw rows, rollups, history entries, case counts.
    const excess = (n: number, expected: number) => Math.max(0, n - expected);
    const duplicates =
      excess(stored.rows, movements.length - stored.lost) +
      excess(stored.inDays, stored.rows) +
      excess(stored.inBuckets, stored.rows) +
      excess(stored.cases, cases.length - stored.lostCases) +
      excess(stored.createdEvents, stored.cases) +
      excess(stored.casesCounted, stored.cases);
    reportFigures('crash-ingest', {
      kills: recoveries.length,
      movements_sent: movements.length,
      movements_acked: ackedMovements,
      movements_stored: stored.rows,
      cases_sent: cases.length,
      cases_acked: ackedCases,
      cases_stored: stored.cases,
      duplicates,
      lost: stored.lost + stored.lostCases,
      retries,
      duplicate_acks: duplicateAcks,
      recover_ms_max: Math.max(...recoveries),
      recover_ms_avg: Math.round(recoveries.reduce((x, y) => x + y, 0) / recoveries.length),
      boot_ms_max: Math.max(...boots),
      kill_to_ack_ms_max: Math.max(...outages),
      elapsed_ms: elapsed,
      retry_reasons: JSON.stringify(Object.fromEntries(reasons)).replace(/ /g, '_'),
    });

    expect(acked).toBe(total);
    expect(recoveries).toHaveLength(KILLS);
    expect(stored).toEqual({
      rows: MOVEMENTS,
      lost: 0,
      cases: CASES,
      lostCases: 0,
      createdEvents: CASES,
      casesCounted: CASES,
      inDays: MOVEMENTS,
      inBuckets: MOVEMENTS,
    });
    expect(Object.fromEntries(inDays.map((r) => [r.key, { people: r.people, vehicles: r.vehicles }]))).toEqual(Object.fromEntries(sent));
    expect(Object.fromEntries(inBuckets.map((r) => [r.key, { people: r.people, vehicles: r.vehicles }]))).toEqual(Object.fromEntries(sentBySite));
    expect(Object.fromEntries(casesBySite.map((r) => [r.key, r.n]))).toEqual(Object.fromEntries(sentCases));
    // Raw rows, once each, with the content the tablets sent (a sample is enough to catch a mix-up).
    const sample = movements.filter((_, i) => i % 97 === 0);
    const rows = await cluster.query<{ id: string; people: number }>('SELECT id, people FROM movements WHERE id = ANY($1::uuid[])', [sample.map((m) => m.id)]);
    expect(new Map(rows.map((r) => [r.id, r.people]))).toEqual(new Map(sample.map((m) => [m.id, m.people])));
  }, 400_000);
});
