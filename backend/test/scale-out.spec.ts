import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import type { LiveSnapshot } from '@marhaba/shared';
import { Cluster } from './support/cluster.js';
import { redisAvailable } from './support/redis.js';
import type { ServerProcess } from './support/server-process.js';
import { movement, newCase, nextEvent, openLive, type LiveClient } from './support/test-app.js';

(redisAvailable() ? describe : describe.skip)('two instances behind Redis (real redis-server, one PostgreSQL)', () => {
  let cluster: Cluster;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: LiveClient[] = [];

  const connect = async (server: ServerProcess, token: string) => {
    const live = openLive(server.baseUrl, token);
    sockets.push(live.socket);
    return { socket: live.socket, snapshot: await live.snapshot };
  };

  beforeAll(async () => {
    cluster = await Cluster.start({ instances: 2, redis: true });
    [a, b] = cluster.instances;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await cluster?.stop();
  });

  it('should report Redis in the health of both instances', async () => {
    for (const server of [a, b]) expect((await server.request('GET', '/api/health')).body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('should deliver a case created through instance A to a dashboard connected to instance B', async () => {
    const { socket } = await connect(b, await b.login());
    const input = newCase({ siteId: 'tanger-med', category: 'medical', priority: 'critical' });
    const received = nextEvent(socket, 'case', (e) => e.case.id === input.id);
    const alert = nextEvent(socket, 'alert', (e) => e.alert.subject === input.id);
    expect((await a.request('POST', '/api/cases', await a.login(), input)).status).toBe(201);
    expect((await received).case).toMatchObject({ id: input.id, status: 'open' });
    expect((await alert).alert).toMatchObject({ rule: 'critical_medical', level: 'critical' });
  });

  it('should add up movements posted to both instances in both snapshots, with one sequence per site', async () => {
    const [tokenA, tokenB] = [await a.login(), await b.login()];
    const { socket: onA } = await connect(a, tokenA);
    const { socket: onB, snapshot } = await connect(b, tokenB);
    const seen: number[] = [];
    onB.on('traffic', (e) => e.siteId === 'nador' && seen.push(e.seq));
    const toA = { movements: Array.from({ length: 40 }, () => movement({ siteId: 'nador', people: 3, vehicles: 1 })) };
    const toB = { movements: Array.from({ length: 60 }, () => movement({ siteId: 'nador', people: 2, vehicles: 1 })) };
    // Listening before the writes: the last delta may go out before they are all answered.
    const final = (s: LiveClient) => nextEvent(s, 'traffic', (e) => e.siteId === 'nador' && e.today.arrivals.people === 240, 15_000);
    const finals = Promise.all([final(onA), final(onB)]);
    await Promise.all([a.request('POST', '/api/movements', tokenA, toA), b.request('POST', '/api/movements', tokenB, toB)]);
    await finals;
    for (const server of [a, b]) {
      const live = (await server.request('GET', '/api/live/snapshot', tokenA)).body as LiveSnapshot;
      expect(live.sites.find((s) => s.siteId === 'nador')!.today.arrivals).toEqual({ people: 240, vehicles: 100 });
    }
    // Deltas from both instances share one series: increasing, starting after the snapshot.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBeGreaterThan(snapshot.seq.nador);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });

  it('should share the failed-login budget between instances', async () => {
    const fail = (server: ServerProcess) => server.request('POST', '/api/auth/login', undefined, { username: 'assistant-jebha', password: 'wrong' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fail(i % 2 ? a : b)).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    // The default budget is 10 failures per 15 minutes: the 11th attempt, on either instance, is refused.
    for (let i = 0; i < 4; i++) await fail(a);
    expect((await fail(b)).status).toBe(429);
  });
});
