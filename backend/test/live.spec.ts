import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { LiveSnapshot } from '@marhaba/shared';
import { movement, newCase, nextEvent, TestApp } from './support/test-app.js';
import { waitFor } from './support/faults.js';

describe('live snapshot and the /live socket (real PostgreSQL, real socket.io)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.login('coordinator');
  });
  afterAll(() => app.close());

  it('should refuse a socket without a valid token with connect_error "unauthorized", and ignore a token in the URL', async () => {
    for (const options of [{}, { auth: { token: 'forged' } }, { query: { token: coordinator } }]) {
      const socket = io(`${app.baseUrl}/live`, { ...options, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toBe('unauthorized');
      socket.disconnect();
    }
  });

  it('should send a snapshot on connect, then a coalesced traffic delta after a POST', async () => {
    const { socket, snapshot } = await app.connect(coordinator);
    expect(snapshot.sites).toHaveLength(26);
    const before = snapshot.sites.find((s) => s.siteId === 'tanger-med')!;
    const delta = nextEvent(socket, 'traffic', (e) => e.siteId === 'tanger-med');
    const batch = { movements: Array.from({ length: 20 }, () => movement({ siteId: 'tanger-med', people: 3, vehicles: 1 })) };
    await app.request('POST', '/api/movements', { token: coordinator, body: batch });
    const event = await delta;
    expect(event.seq).toBe(snapshot.seq['tanger-med'] + 1);
    expect(event.today.arrivals.people).toBe(before.today.arrivals.people + 60);
    expect(event.lastHour.arrivals.vehicles).toBe(before.lastHour.arrivals.vehicles + 20);
    const http = await app.request('GET', '/api/live/snapshot', { token: coordinator });
    expect(http.body.sites.find((s: { siteId: string }) => s.siteId === 'tanger-med').today).toEqual(event.today);
    expect(http.body.seq['tanger-med']).toBe(event.seq);
  });

  it('should total the crossings only in the snapshot: rest areas and ports abroad stay per site', async () => {
    const snapshot = async () => (await app.request('GET', '/api/live/snapshot', { token: coordinator })).body as LiveSnapshot;
    const arrivals = (s: LiveSnapshot, siteId: string) => s.sites.find((x) => x.siteId === siteId)!.today.arrivals.people;
    const before = await snapshot();
    const movements = [
      movement({ siteId: 'mediterranee', mode: 'bus', people: 40, vehicles: 1 }),
      movement({ siteId: 'almeria', people: 5, vehicles: 1 }),
      movement({ siteId: 'tanger-ville', people: 3, vehicles: 1 }),
    ];
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements } });
    const after = await snapshot();
    expect(after.total.today.arrivals.people).toBe(before.total.today.arrivals.people + 3);
    expect(after.total.lastHour.arrivals.people).toBe(before.total.lastHour.arrivals.people + 3);
    expect(arrivals(after, 'mediterranee')).toBe(arrivals(before, 'mediterranee') + 40);
    expect(arrivals(after, 'almeria')).toBe(arrivals(before, 'almeria') + 5);
  });

  it('should coalesce a burst of batches into few traffic messages per site', async () => {
    const { socket } = await app.connect(coordinator);
    const received: number[] = [];
    socket.on('traffic', (e) => e.siteId === 'algeciras' && received.push(e.today.departures.people));
    await Promise.all(
      Array.from({ length: 30 }, () =>
        app.request('POST', '/api/movements', { token: coordinator, body: { movements: [movement({ siteId: 'algeciras', direction: 'departure', people: 1, vehicles: 1 })] } }),
      ),
    );
    await waitFor('the traffic message with all 30 movements', () => received.at(-1) === 30, 5_000);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(30);
    expect(received[received.length - 1]).toBe(30);
  });

  it('should push case, holding and alert events with per-site sequence numbers', async () => {
    const { socket, snapshot } = await app.connect(coordinator);
    const caseEvent = nextEvent(socket, 'case');
    const alertEvent = nextEvent(socket, 'alert', (e) => e.alert.rule === 'critical_medical');
    const input = newCase({ siteId: 'nador', category: 'medical', priority: 'critical' });
    await app.request('POST', '/api/cases', { token: coordinator, body: input });
    const [c, a] = await Promise.all([caseEvent, alertEvent]);
    expect(c.case).toMatchObject({ id: input.id, status: 'open' });
    expect([c.seq, a.seq].sort()).toEqual([snapshot.seq.nador + 1, snapshot.seq.nador + 2]);
    const holding = nextEvent(socket, 'holding');
    await app.request('POST', '/api/holding-areas/nador/reports', { token: coordinator, body: { id: randomUUID(), vehiclesWaiting: 500, reportedAt: new Date().toISOString() } });
    expect(await holding).toMatchObject({ siteId: 'nador', vehiclesWaiting: 500, capacityVehicles: 1000, occupancy: 0.5, seq: snapshot.seq.nador + 3 });
  });

  it('should accept writes over the socket with the same validation and idempotency, errors in the acknowledgement', async () => {
    const { socket } = await app.connect(coordinator);
    const batch = { movements: [movement({ siteId: 'almeria' })] };
    expect(await socket.emitWithAck('movements', batch as never)).toEqual({ ok: true, data: { accepted: 1, duplicates: 0 } });
    expect(await socket.emitWithAck('movements', batch as never)).toEqual({ ok: true, data: { accepted: 0, duplicates: 1 } });
    const bad = await socket.emitWithAck('movements', { movements: [{ ...batch.movements[0], id: 'nope' }] } as never);
    expect(bad).toMatchObject({ ok: false, error: { statusCode: 400, details: [{ path: 'movements.0.id' }] } });
    const conflict = await socket.emitWithAck('movements', { movements: [{ ...batch.movements[0], people: 99 }] } as never);
    expect(conflict).toMatchObject({ ok: false, error: { statusCode: 409 } });
    const c = newCase({ siteId: 'almeria' });
    expect(await socket.emitWithAck('case:create', c as never)).toMatchObject({ ok: true, data: { id: c.id, duplicate: false } });
    expect(await socket.emitWithAck('case:create', c as never)).toMatchObject({ ok: true, data: { id: c.id, duplicate: true } });
    const snapshot = await socket.emitWithAck('snapshot:request');
    expect(snapshot).toMatchObject({ ok: true, data: { day: expect.any(String) } });
  });

  it('should keep an assistant to its own site: snapshot, events and writes', async () => {
    const assistant = await app.login('assistant-bab-sebta');
    const { socket, snapshot } = await app.connect(assistant);
    expect(snapshot.sites.map((s) => s.siteId)).toEqual(['bab-sebta']);
    expect(Object.keys(snapshot.seq)).toEqual(['bab-sebta']);
    const foreign: string[] = [];
    socket.on('traffic', (e) => e.siteId !== 'bab-sebta' && foreign.push(e.siteId));
    socket.on('case', (e) => e.case.siteId !== 'bab-sebta' && foreign.push(e.case.siteId));
    const own = nextEvent(socket, 'traffic', (e) => e.siteId === 'bab-sebta');
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [movement({ siteId: 'tanger-med' }), movement({ siteId: 'bab-sebta', mode: 'foot', vehicles: 0 })] } });
    await app.request('POST', '/api/cases', { token: coordinator, body: newCase({ siteId: 'tanger-med' }) });
    await own;
    // Events go out in order: once a later case of its own site arrives, a foreign one would have too.
    const marker = nextEvent(socket, 'case', (e) => e.case.siteId === 'bab-sebta');
    await app.request('POST', '/api/cases', { token: coordinator, body: newCase({ siteId: 'bab-sebta' }) });
    await marker;
    expect(foreign).toEqual([]);
    const refused = await socket.emitWithAck('movements', { movements: [movement({ siteId: 'tanger-med' })] } as never);
    expect(refused).toMatchObject({ ok: false, error: { statusCode: 403 } });
    const http = await app.request('GET', '/api/live/snapshot', { token: assistant });
    expect(http.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual(['bab-sebta']);
    const supervisor = await app.login('supervisor');
    const { socket: supervisorSocket } = await app.connect(supervisor);
    expect(await supervisorSocket.emitWithAck('case:create', newCase() as never)).toMatchObject({ ok: false, error: { statusCode: 403 } });
  });

  it('should batch the traffic deltas of one flush into one message for clients that ask, scoped as ever', async () => {
    const { socket: batched } = await app.connect(coordinator, { trafficBatch: true });
    const assistant = await app.login('assistant-tanger-ville');
    const { socket: own } = await app.connect(assistant, { trafficBatch: true });
    const plain: string[] = [];
    batched.on('traffic', (e) => plain.push(e.siteId));
    const batch = nextEvent(batched, 'traffic:batch', (e) => e.items.some((i) => i.siteId === 'sete') && e.items.some((i) => i.siteId === 'tanger-ville'));
    const ownBatch = nextEvent(own, 'traffic:batch');
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [movement({ siteId: 'sete' }), movement({ siteId: 'tanger-ville', people: 5 })] } });
    const { items } = await batch;
    expect(items.find((i) => i.siteId === 'tanger-ville')!.seq).toBeGreaterThan(0);
    expect((await ownBatch).items.map((i) => i.siteId)).toEqual(['tanger-ville']);
    expect(plain).toEqual([]);
  });

  it('should number a burst of events for one site without gaps, in order, in few round trips', async () => {
    const { socket, snapshot } = await app.connect(coordinator);
    const seqs: number[] = [];
    socket.on('case', (e) => e.case.siteId === 'motril' && seqs.push(e.seq));
    await Promise.all(Array.from({ length: 60 }, () => app.request('POST', '/api/cases', { token: coordinator, body: newCase({ siteId: 'motril' }) })));
    await waitFor('60 case events', () => seqs.length >= 60, 5_000);
    const first = snapshot.seq.motril + 1;
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => first + i));
  });
});
