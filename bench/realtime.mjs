// Benchmarks 2, 4 and 5: 1,000 dashboard sockets and 300 tablets at a peak rate; the time from a
// write to every dashboard seeing it, our server vs a bare socket.io broadcaster; memory per
// dashboard; and 5,000 dashboards on two instances sharing fan-out through Redis.
import { fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDatabase, freePort, login, median, metrics, now, percentile, round, root, sleep, startBackend, startRedis, stopChild, waitForOutput, LOAD_CORE, SERVER_CORE } from './lib.mjs';

const DASHBOARDS = 1000;
/** Dashboards spread over the two instances behind Redis. */
const SCALED_DASHBOARDS = 5000;
const SWARMS = 4;
const TABLETS = 300;
/** 300 tablets, one movement each every 10 s: 30 writes/s, ≈ 100,000 movements an hour, several times the 2024 peak. */
const TABLET_INTERVAL_MS = 10_000;
const PROBE_SITE = 'genoa';
const PROBES_PER_WINDOW = 20;
const PROBE_SPACING_MS = 500;
const WINDOWS = 3;
const COALESCE_MS = 250;
const TABLET_SITES = ['tanger-med', 'tanger-ville', 'al-hoceima', 'nador', 'bab-sebta', 'bab-mellilia', 'mediterranee', 'jebha', 'tazaghine', 'smir-mdiq', 'algeciras', 'almeria', 'motril', 'sete', 'marseille'];

function child(script, args, message) {
  const proc = fork(join(root, 'bench', script), args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  spawn('taskset', ['-cp', String(LOAD_CORE), String(proc.pid)], { stdio: 'ignore' });
  const next = (type) => new Promise((resolve, reject) => {
    const onMessage = (m) => m.type === type && (proc.off('message', onMessage), resolve(m));
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return { proc, next, ready: message ? next(message) : Promise.resolve() };
}

async function post(url, token, movements) {
  const res = await fetch(`${url}/api/movements`, { method: 'POST', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' }, body: JSON.stringify({ movements }) });
  if (!res.ok) throw new Error(`probe: ${res.status}`);
}

/** Resident memory of all our instances together. */
async function rssBytes(ours) {
  const all = await Promise.all(ours.urls.map((url) => metrics(url, ours.adminToken)));
  return all.reduce((sum, m) => sum + m.memory.rssBytes, 0);
}

/**
 * One scenario: `dashboards` spread over `dashboardUrls`, tablets and probes writing to `writeUrl`.
 * `ours` gives our instances' URLs (the first takes the writes) and the admin token to read their
 * event-loop delay and memory (null for the bare baseline).
 */
async function scenario({ dashboards = DASHBOARDS, dashboardUrls, writeUrl, dashboardToken, tabletTokens, probeToken, ours }) {
  const before = ours ? await rssBytes(ours) : null;
  const swarms = Array.from({ length: SWARMS }, (_, i) => child('swarm.mjs', [dashboardUrls[i % dashboardUrls.length], dashboardToken, String(dashboards / SWARMS), PROBE_SITE], 'ready'));
  await Promise.all(swarms.map((s) => s.ready));
  await sleep(3_000);
  const after = ours ? await rssBytes(ours) : null;
  const tablets = child('tablets.mjs', [JSON.stringify({ url: writeUrl, tokens: tabletTokens, count: TABLETS, intervalMs: TABLET_INTERVAL_MS, maxMs: 120_000 })], 'started');
  await tablets.ready;
  await sleep(2_000);

  let total = 0;
  const windows = [];
  for (let w = 0; w < WINDOWS; w++) {
    swarms.forEach((s) => s.proc.send({ type: 'reset' }));
    if (ours) await metrics(ours.urls[0], ours.adminToken, true);
    const probes = [];
    for (let p = 0; p < PROBES_PER_WINDOW; p++) {
      total += 1;
      const sentAt = now();
      await post(writeUrl, probeToken, [{ id: randomUUID(), siteId: PROBE_SITE, direction: 'arrival', mode: 'car', people: 1, vehicles: 1, occurredAt: new Date().toISOString() }]);
      probes.push([total, sentAt]);
      await sleep(PROBE_SPACING_MS);
    }
    await sleep(1_000);
    const loop = ours ? (await metrics(ours.urls[0], ours.adminToken)).eventLoopDelayMs : null;
    const replies = await Promise.all(swarms.map((s) => { const reply = s.next('latencies'); s.proc.send({ type: 'latencies', probes }); return reply; }));
    const latencies = replies.flatMap((r) => r.latencies);
    windows.push({ p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), missed: replies.reduce((s, r) => s + r.missed, 0), samples: latencies.length, eventLoopP99: loop?.p99 ?? null });
  }
  tablets.proc.send({ type: 'stop' });
  const tabletReport = await tablets.next('done');
  swarms.forEach((s) => s.proc.send({ type: 'stop' }));
  await Promise.all(swarms.map((s) => new Promise((r) => s.proc.once('exit', r))));
  const pick = (key) => round(median(windows.map((w) => w[key])), 1);
  return {
    latencyMs: { p50: pick('p50'), p99: pick('p99'), max: round(Math.max(...windows.map((w) => w.max)), 1) },
    eventLoopDelayP99Ms: ours ? pick('eventLoopP99') : null,
    dashboards,
    rssPerDashboardKB: ours ? round((after - before) / dashboards / 1024, 1) : null,
    probesMissed: windows.reduce((s, w) => s + w.missed, 0),
    samples: windows.reduce((s, w) => s + w.samples, 0),
    tabletWrites: tabletReport,
    windows,
  };
}

/** A scenario's figures on one line, printed as soon as it ends: a run cut short still shows them. */
const summary = (r) => JSON.stringify({ ...r.latencyMs, eventLoopDelayP99Ms: r.eventLoopDelayP99Ms, rssPerDashboardKB: r.rssPerDashboardKB, missed: r.probesMissed });

async function tokensFor(url) {
  const tabletTokens = Object.fromEntries(await Promise.all(TABLET_SITES.map(async (site) => [site, await login(url, `assistant-${site}`)])));
  return { tabletTokens, coordinator: await login(url, 'coordinator'), admin: await login(url, 'admin') };
}

export async function realtimeBenchmark(db) {
  const results = { name: 'realtime', setup: `${DASHBOARDS} dashboard sockets (coordinators, all sites) in ${SWARMS} processes (${SCALED_DASHBOARDS} on two instances + Redis), ${TABLETS} tablets posting every ${TABLET_INTERVAL_MS / 1000} s (${TABLETS / (TABLET_INTERVAL_MS / 1000)} writes/s), ${WINDOWS} windows of ${PROBES_PER_WINDOW} probes; coalescing window ${COALESCE_MS} ms` };

  // Baseline: a bare socket.io server sending the same batched messages, on the server core.
  const barePort = await freePort();
  const bare = spawn('taskset', ['-c', String(SERVER_CORE), process.execPath, join(root, 'bench', 'bare-server.mjs'), String(barePort), String(COALESCE_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitForOutput(bare, 'listening on', 10_000);
  const bareUrl = `http://127.0.0.1:${barePort}`;
  results.bareSocketIo = await scenario({ dashboardUrls: [bareUrl], writeUrl: bareUrl, dashboardToken: 'none', tabletTokens: Object.fromEntries(TABLET_SITES.map((s) => [s, ''])), probeToken: null, ours: null });
  await stopChild(bare);
  console.log('bare socket.io:', summary(results.bareSocketIo));

  // One instance.
  const single = await startBackend({ DATABASE_URL: await createDatabase(db.url), LIVE_COALESCE_MS: String(COALESCE_MS) });
  const t1 = await tokensFor(single.baseUrl);
  results.oneInstance = await scenario({ dashboardUrls: [single.baseUrl], writeUrl: single.baseUrl, dashboardToken: t1.coordinator, tabletTokens: t1.tabletTokens, probeToken: t1.coordinator, ours: { urls: [single.baseUrl], adminToken: t1.admin } });
  await single.stop();
  console.log('one instance:', summary(results.oneInstance));

  // Two instances sharing fan-out through Redis; writes go to A, half the dashboards are on B.
  const redis = await startRedis();
  const env = { DATABASE_URL: await createDatabase(db.url), REDIS_URL: redis.url, LIVE_COALESCE_MS: String(COALESCE_MS) };
  const a = await startBackend(env);
  const b = await startBackend(env);
  const t2 = await tokensFor(a.baseUrl);
  try {
    results.twoInstancesRedis = await scenario({ dashboards: SCALED_DASHBOARDS, dashboardUrls: [a.baseUrl, b.baseUrl], writeUrl: a.baseUrl, dashboardToken: t2.coordinator, tabletTokens: t2.tabletTokens, probeToken: t2.coordinator, ours: { urls: [a.baseUrl, b.baseUrl], adminToken: t2.admin } });
  } finally {
    // A failed measurement leaves no server behind.
    await Promise.all([a.stop(), b.stop()]);
    await redis.stop();
  }
  console.log(`two instances + Redis, ${SCALED_DASHBOARDS} dashboards:`, summary(results.twoInstancesRedis));

  const one = results.oneInstance;
  const two = results.twoInstancesRedis;
  results.comparison = {
    p99VsTarget: `${one.latencyMs.p99} ms vs target ≤ ${COALESCE_MS + 20} ms (coalescing window + 20 ms)`,
    p99OverBareRatio: round(one.latencyMs.p99 / results.bareSocketIo.latencyMs.p99, 2),
    p99OverBareTarget: '≤ 1.5',
    p50OverBareMs: round(one.latencyMs.p50 - results.bareSocketIo.latencyMs.p50, 1),
    eventLoopTarget: `${one.eventLoopDelayP99Ms} ms vs target < 10 ms`,
    memoryTarget: `${one.rssPerDashboardKB} KB per dashboard vs target ≤ 20 KB`,
    scaledP99VsTarget: `${two.latencyMs.p99} ms with ${SCALED_DASHBOARDS} dashboards on two instances vs target ≤ ${COALESCE_MS + 50} ms, ${two.probesMissed} missed (target 0), ${two.rssPerDashboardKB} KB per dashboard`,
    scaledP99OverBareRatio: round(two.latencyMs.p99 / results.bareSocketIo.latencyMs.p99, 2),
  };
  return results;
}
