import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { LiveSnapshot } from '@marhaba/shared';
import { Cluster } from '../support/cluster.js';
import { LiveMirror, reportFigures, waitFor } from '../support/faults.js';
import type { ServerProcess } from '../support/server-process.js';
import { movement, newCase, openLive, type LiveClient } from '../support/test-app.js';

const COPIES = 10;

describe('lost acknowledgements and duplicates (the built server as a process, real PostgreSQL)', () => {
  let cluster: Cluster;
  let server: ServerProcess;
  let token: string;
  let tablets: LiveClient[];
  let dashboard: LiveMirror;

  /** Half the copies over HTTP, half over two tablet sockets, all at once; each answer as `{status, body}`. */
  const sendCopies = (path: string, event: 'movements' | 'case:create', payload: unknown) =>
    Promise.all(
      Array.from({ length: COPIES }, async (_, i) => {
        if (i % 2 === 0) return server.request('POST', path, token, payload);
        const ack = await tablets[i % 4 === 1 ? 0 : 1].emitWithAck(event, payload as never);
        return ack.ok ? { status: event === 'case:create' && !(ack.data as { duplicate: boolean }).duplicate ? 201 : 200, body: ack.data as any } : { status: ack.error.statusCode, body: ack.error };
      }),
    );

  beforeAll(async () => {
    cluster = await Cluster.start();
    [server] = cluster.instances;
    token = await server.login('coordinator');
    tablets = [openLive(server.baseUrl, token), openLive(server.baseUrl, token)].map((live) => live.socket);
    dashboard = new LiveMirror(openLive(server.baseUrl, token).socket);
    await waitFor('the sockets to connect', () => tablets.every((t) => t.connected) && dashboard.ready, 30_000);
  });
  afterAll(async () => {
    [...tablets, dashboard.socket].forEach((s) => s.disconnect());
    await cluster?.stop();
  });

  it('should store a case sent 10 times at once (HTTP and socket) once, with one history entry and one live event', async () => {
    const input = newCase({ siteId: 'algeciras', category: 'customs', summary: 'sent ten times' });
    const events: number[] = [];
    dashboard.socket.on('case', (e) => e.case.id === input.id && events.push(e.seq));
    const answers = await sendCopies('/api/cases', 'case:create', input);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    answers.forEach((a) => expect(a.body).toMatchObject({ id: input.id, version: 1, status: 'open' }));

    const conflict = { ...input, priority: 'critical' };
    const conflicts = [await server.request('POST', '/api/cases', token, conflict), await tablets[0].emitWithAck('case:create', conflict as never)];
    expect(conflicts[0]).toMatchObject({ status: 409, body: { statusCode: 409 } });
    expect(conflicts[1]).toMatchObject({ ok: false, error: { statusCode: 409 } });

    const [stored] = await cluster.query(
      `SELECT (SELECT count(*)::int FROM cases WHERE id = $1) AS rows, (SELECT priority FROM cases WHERE id = $1) AS priority,
              (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS history,
              (SELECT coalesce(sum(opened), 0)::int FROM case_days WHERE site_id = 'algeciras') AS counted`,
      [input.id],
    );
    expect(stored).toEqual({ rows: 1, priority: 'normal', history: 1, counted: 1 });
    expect((await server.request('GET', `/api/cases/${input.id}`, token)).body.history).toHaveLength(1);
    const snapshot = (await server.request('GET', '/api/live/snapshot', token)).body as LiveSnapshot;
    await waitFor('the dashboard to show the case', () => dashboard.shows(snapshot), 10_000);
    expect(snapshot.sites.find((s) => s.siteId === 'algeciras')!.openCases.customs).toBe(1);
    expect(events).toHaveLength(1);
    const liveEvents = events.length;

    // A change resent 10 times at once (same changeId): applied once.
    const change = { version: 1, status: 'in_progress', changeId: randomUUID(), note: 'taken' };
    const patches = await Promise.all(Array.from({ length: COPIES }, () => server.request('PATCH', `/api/cases/${input.id}`, token, change)));
    expect(patches.every((p) => p.status === 200 && p.body.version === 2)).toBe(true);
    const [changed] = await cluster.query(`SELECT version, (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS history FROM cases WHERE id = $1`, [input.id]);
    expect(changed).toEqual({ version: 2, history: 2 });

    reportFigures('duplicates-case', {
      copies: COPIES,
      created: answers.filter((a) => a.status === 201).length,
      recognised_duplicates: answers.filter((a) => a.status === 200).length,
      rows: stored.rows,
      history_entries: stored.history,
      live_events: liveEvents,
      conflicts_409: conflicts.length,
      change_copies: COPIES,
      change_applied: changed.version - 1,
    });
  });

  it('should store a movement batch sent 10 times at once once, refuse other content with 409, and keep a batch with a conflict out whole', async () => {
    const batch = { movements: Array.from({ length: 200 }, () => movement({ siteId: 'almeria', people: 3, vehicles: 1 })) };
    const answers = await sendCopies('/api/movements', 'movements', batch);
    expect(answers.every((a) => a.status === 200 && a.body.accepted + a.body.duplicates === 200)).toBe(true);
    const accepted = answers.reduce((n, a) => n + a.body.accepted, 0);
    // The copy that commits first stores the batch; the others wait on its ids and find them all taken.
    expect(accepted).toBe(200);
    expect(answers.filter((a) => a.body.accepted > 0)).toHaveLength(1);

    const changed = { movements: [...batch.movements.slice(0, 199), { ...batch.movements[199], people: 4 }] };
    const withNew = { movements: [movement({ siteId: 'almeria', people: 50, vehicles: 1 }), { ...batch.movements[0], direction: 'departure' }] };
    const conflicts = [
      await server.request('POST', '/api/movements', token, changed),
      await server.request('POST', '/api/movements', token, withNew),
      await tablets[1].emitWithAck('movements', withNew as never).then((ack) => (ack.ok ? { status: 200, body: ack.data } : { status: ack.error.statusCode, body: ack.error })),
    ];
    expect(conflicts.map((c) => c.status)).toEqual([409, 409, 409]);
    expect(conflicts[0].body.message).toContain('people');

    const [stored] = await cluster.query(
      `SELECT (SELECT count(*)::int FROM movements WHERE site_id = 'almeria') AS rows,
              (SELECT count(*)::int FROM movements WHERE id = $1) AS "newOfConflictingBatch",
              (SELECT sum(movements)::int FROM traffic_days WHERE site_id = 'almeria') AS "inDays",
              (SELECT sum(people)::int FROM traffic_buckets WHERE site_id = 'almeria') AS people`,
      [withNew.movements[0].id],
    );
    expect(stored).toEqual({ rows: 200, newOfConflictingBatch: 0, inDays: 200, people: 600 });
    const snapshot = (await server.request('GET', '/api/live/snapshot', token)).body as LiveSnapshot;
    expect(snapshot.sites.find((s) => s.siteId === 'almeria')!.today.arrivals).toEqual({ people: 600, vehicles: 200 });
    await waitFor('the dashboard to show the batch once', () => dashboard.shows(snapshot), 10_000);

    reportFigures('duplicates-movements', {
      copies: COPIES,
      batch_size: 200,
      accepted_total: accepted,
      rows: stored.rows,
      rollup_movements: stored.inDays,
      conflicts_409: conflicts.length,
      stored_from_conflicting_batches: stored.newOfConflictingBatch,
    });
  });

  it('should store a batch whose acknowledgement was lost once when the tablet resends it', async () => {
    const batch = { movements: Array.from({ length: 500 }, () => movement({ siteId: 'motril', people: 2, vehicles: 1 })) };
    // The tablet gives up waiting (its network dropped) at some point of the request, then resends.
    const outcomes: string[] = [];
    for (const abortAfterMs of [1, 5, 20, 50, 100]) {
      const aborted = await fetch(`${server.baseUrl}/api/movements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
        signal: AbortSignal.timeout(abortAfterMs),
      }).then(
        (r) => `answered ${r.status}`,
        () => 'no answer',
      );
      outcomes.push(aborted);
    }
    const resent = await server.request('POST', '/api/movements', token, batch);
    expect(resent.status).toBe(200);
    expect(resent.body.accepted + resent.body.duplicates).toBe(500);
    const [stored] = await cluster.query(
      `SELECT (SELECT count(*)::int FROM movements WHERE site_id = 'motril') AS rows, (SELECT sum(movements)::int FROM traffic_days WHERE site_id = 'motril') AS "inDays"`,
    );
    expect(stored).toEqual({ rows: 500, inDays: 500 });
    reportFigures('duplicates-lost-ack', { attempts_without_answer: outcomes.filter((o) => o === 'no answer').length, attempts: outcomes.length + 1, rows: stored.rows, rollup_movements: stored.inDays, duplicates: stored.inDays - 500 + stored.rows - 500 });
  });
});
