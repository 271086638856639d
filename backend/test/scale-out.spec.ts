import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { LiveSnapshot } from '@marhaba/shared';
import { redisAvailable, startRedis, type RedisServer } from './support/redis.js';
import { freePort, ServerProcess } from './support/server-process.js';
import { createTestDatabase, movement, newCase, nextEvent, type LiveClient } from './support/test-app.js';

const JWT_SECRET = 'scale-out-secret-scale-out-secret-0123456';

(redisAvailable() ? describe : describe.skip)('two instances behind Redis (real redis-server, one PostgreSQL)', () => {
  let dir: string;
  let redis: RedisServer;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: LiveClient[] = [];

  const connect = async (server: ServerProcess, token: string) => {
    const socket: LiveClient = io(`${server.baseUrl}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const snapshot = await new Promise<LiveSnapshot>((resolve, reject) => {
      socket.once('snapshot', resolve);
      socket.once('connect_error', reject);
    });
    return { socket, snapshot };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marhaba-scale-'));
    chmodSync(dir, 0o755);
    redis = await startRedis();
    const env = { DATABASE_URL: await createTestDatabase(), REDIS_URL: redis.url, JWT_SECRET, DEMO: '1', LIVE_COALESCE_MS: '50' };
    a = new ServerProcess(join(dir, 'a'), await freePort(), env);
    b = new ServerProcess(join(dir, 'b'), await freePort(), env);
    // Started together: the migrations run once, under the advisory lock.
    await Promise.all([a.start(), b.start()]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
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
    await Promise.all([a.request('POST', '/api/movements', tokenA, toA), b.request('POST', '/api/movements', tokenB, toB)]);
    const final = (s: LiveClient) => nextEvent(s, 'traffic', (e) => e.siteId === 'nador' && e.today.arrivals.people === 240);
    await Promise.all([final(onA), final(onB)]).catch(() => undefined);
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

  it('should keep accepting writes while Redis is down, and fan out again once it is back', async () => {
    const token = await a.login();
    await redis.stop();
    const during = await a.request('POST', '/api/movements', token, { movements: [movement({ siteId: 'jebha' })] });
    expect(during).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect((await b.request('GET', '/api/health')).status).toBe(503);

    redis = await startRedis(redis.port);
    let healthy = 0;
    for (let i = 0; i < 50 && healthy !== 200; i++) {
      healthy = (await b.request('GET', '/api/health')).status;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy).toBe(200);
    const { socket } = await connect(b, await b.login());
    let delivered = false;
    // The adapter reconnects on its own schedule: create cases until one reaches B's dashboard.
    for (let i = 0; i < 20 && !delivered; i++) {
      const input = newCase({ siteId: 'jebha' });
      const received = nextEvent(socket, 'case', (e) => e.case.id === input.id, 1_000).then(() => true, () => false);
      await a.request('POST', '/api/cases', token, input);
      delivered = await received;
    }
    expect(delivered).toBe(true);
  });
});
