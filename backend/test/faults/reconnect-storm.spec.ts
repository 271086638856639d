import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { io } from 'socket.io-client';
import { LIVE_RECONNECTION, type LiveSnapshot } from '@marhaba/shared';
import { Cluster } from '../support/cluster.js';
import { LiveMirror, ProcessSampler, reportFigures, waitFor } from '../support/faults.js';
import { redisAvailable } from '../support/redis.js';
import type { ServerProcess } from '../support/server-process.js';
import { movement, type LiveClient } from '../support/test-app.js';

const DASHBOARDS = 1_000;

(redisAvailable() ? describe : describe.skip)('reconnect storm: both instances restarted under 1,000 dashboards (real redis-server, built servers as processes)', () => {
  let cluster: Cluster;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;
  const mirrors: LiveMirror[] = [];
  const disconnectReasons = new Map<string, number>();

  const write = async (people: number) => {
    const res = await a.request('POST', '/api/movements', token, { movements: Array.from({ length: 10 }, () => movement({ siteId: 'tanger-med', people, vehicles: 1 })) });
    expect(res.status).toBe(200);
  };
  /** True when every dashboard is connected and shows what a fresh snapshot shows. */
  const allShow = async () => {
    const fresh = (await a.request('GET', '/api/live/snapshot', token)).body as LiveSnapshot;
    return mirrors.filter((m) => m.shows(fresh)).length === DASHBOARDS;
  };

  beforeAll(async () => {
    cluster = await Cluster.start({ instances: 2, redis: true, env: { LIVE_COALESCE_MS: '250' } });
    [a, b] = cluster.instances;
    token = await a.login('coordinator');
    // Half the dashboards on each instance, connected in small groups as consoles open over a morning.
    for (let i = 0; i < DASHBOARDS; i++) {
      const socket: LiveClient = io(`${(i % 2 ? b : a).baseUrl}/live`, {
        auth: (cb) => cb({ token, trafficBatch: true }),
        transports: ['websocket'],
        forceNew: true,
        ...LIVE_RECONNECTION,
      });
      socket.on('disconnect', (reason) => disconnectReasons.set(reason, (disconnectReasons.get(reason) ?? 0) + 1));
      const server = i % 2 ? b : a;
      mirrors.push(new LiveMirror(socket, async () => (await server.request('GET', '/api/live/snapshot', token)).body));
      if (i % 50 === 49) await waitFor('a group of dashboards to connect', () => mirrors.every((m) => m.ready), 60_000, 20);
    }
    await write(3);
    await waitFor('every dashboard to show the first write', allShow, 60_000, 250);
  }, 180_000);
  afterAll(async () => {
    mirrors.forEach((m) => m.socket.disconnect());
    await cluster?.stop();
  });

  /** Stops both instances at once, starts them again, and measures the dashboards' return. */
  async function storm(name: string, stop: (server: ServerProcess) => Promise<unknown>): Promise<void> {
    const connects: number[] = [];
    let recovered = 0;
    const listeners = mirrors.map((m) => {
      const listener = () => {
        connects.push(Date.now());
        if (m.socket.recovered) recovered++;
      };
      m.socket.on('connect', listener);
      return () => m.socket.off('connect', listener);
    });
    disconnectReasons.clear();
    const snapshotsBefore = mirrors.reduce((n, m) => n + m.snapshots, 0);
    const gapsBefore = mirrors.reduce((n, m) => n + m.gaps, 0);
    const rssBefore = Math.max(...[a, b].map((s) => ProcessSampler.rssMb(s.child.pid)));
    const sampler = new ProcessSampler();
    sampler.start(() => [a.child.pid, b.child.pid]);
    try {
      const stoppedAt = Date.now();
      await Promise.all([a, b].map(stop));
      const downAt = Date.now();
      await Promise.all([a.start(), b.start()]);
      const upAt = Date.now();
      // Written at the height of the storm: dashboards already back get it as a delta, those still away in
      // their snapshot or among their missed events, those halfway through reconnecting must not lose it.
      await waitFor('a third of the dashboards to be back', () => connects.length >= DASHBOARDS / 3, 110_000, 5);
      await write(5);
      await waitFor(`all ${DASHBOARDS} dashboards back and showing a fresh snapshot`, allShow, 110_000, 500).catch(async (error: Error) => {
        const fresh = (await a.request('GET', '/api/live/snapshot', token)).body as LiveSnapshot;
        const stale = mirrors.filter((m) => !m.shows(fresh));
        throw new Error(
          `${error.message}: ${stale.length} stale (${stale.filter((m) => !m.socket.connected).length} disconnected, ${stale.filter((m) => !m.ready).length} not ready, recovered ${stale.filter((m) => m.socket.recovered).length}); tanger-med seq fresh ${fresh.seq['tanger-med']}, stale at ${[...new Set(stale.map((m) => m.lastSeq('tanger-med')))].join(',')}`,
        );
      });
      const settledAt = Date.now();

      const perSecond = new Map<number, number>();
      for (const t of connects) perSecond.set(Math.floor((t - stoppedAt) / 1_000), (perSecond.get(Math.floor((t - stoppedAt) / 1_000)) ?? 0) + 1);
      reportFigures(`reconnect-storm-${name}`, {
        dashboards: DASHBOARDS,
        instances: 2,
        reconnected: connects.length,
        recovered_sessions: recovered,
        snapshots: mirrors.reduce((n, m) => n + m.snapshots, 0) - snapshotsBefore,
        resyncs_after_gap: mirrors.reduce((n, m) => n + m.gaps, 0) - gapsBefore,
        peak_reconnects_per_s: Math.max(...perSecond.values()),
        peak_server_cpu_pct: sampler.peakCpuPercent,
        server_rss_before_mb: rssBefore,
        peak_server_rss_mb: sampler.peakRssMb,
        stop_ms: downAt - stoppedAt,
        restart_ms: upAt - downAt,
        settle_ms: settledAt - stoppedAt,
        settle_after_up_ms: settledAt - upAt,
        disconnect_reasons: JSON.stringify(Object.fromEntries(disconnectReasons)).replace(/ /g, '_'),
      });
      expect(connects.length).toBeGreaterThanOrEqual(DASHBOARDS);
    } finally {
      sampler.stop();
      listeners.forEach((off) => off());
    }
    // Still one live picture afterwards: a write reaches every dashboard, whichever instance it is on.
    await write(7);
    await waitFor('every dashboard to show a write made after the storm', allShow, 60_000, 250);
  }

  it('should bring every dashboard back after a restart of both instances (SIGTERM), with its missed events or a fresh snapshot', () => storm('sigterm', (server) => server.stop()), 180_000);

  it('should bring every dashboard back with a fresh snapshot after both instances crash (kill -9)', async () => {
    await storm('kill', async (server) => {
      server.child.kill('SIGKILL');
      await server.exited();
    });
  }, 180_000);
});
