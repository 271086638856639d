// Benchmarks 2, 4 and 5: 1,000 dashboard sockets and 300 tablets at a peak rate; the time from a
// write to every dashboard seeing it, our server vs a bare socket.io broadcaster; memory per
// dashboard; and 5,000 dashboards on two instances sharing fan-out through Redis.
// BENCH_REALTIME=bare,bare-scaled,one,two runs only those scenarios (for iteration; the figures to
// publish come from a run of all four).
import { fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDatabase, freePort, inspectMemory, login, median, metrics, now, percentile, round, root, sleep, startBackend, startRedis, stopChild, waitForOutput, LOAD_CORE, SERVER_CORE } from './lib.mjs';

const DASHBOARDS = 1000;
/** Dashboards spread over the two instances behind Redis. */
const SCALED_DASHBOARDS = 5000;
/**
 * Client processes, all on the load core. They share that core whatever their number; with more of them
 * the decoding of one delays the arrival stamps of another (the scheduler slices between them), which a
 * process's own I/O-first order (swarm.mjs) cannot help. Two rather than four: with two instances, one
 * process per instance.
 */
const SWARMS = 2;
const TABLETS = 300;
/** 300 tablets, one movement each every 10 s: 30 writes/s, ≈ 100,000 movements an hour, several times the 2024 peak. */
const TABLET_INTERVAL_MS = 10_000;
const PROBE_SITE = 'genoa';
const PROBES_PER_WINDOW = 20;
const COALESCE_MS = 250;
/** The servers' event-loop sampling period: 1 ms reads a stall to the millisecond (10 ms, the default, can miss most of a short one). */
const LOOP_SAMPLE_MS = 1;
/**
 * Probes are spaced 500 ms plus a random part of one coalescing window. With the tablets keeping a
 * window always running, a fixed 500 ms (two windows) put every probe at about the same phase of the
 * window, and p99 measured that phase's luck (the bare server gave 253 ms one run, 135 ms the next).
 * Spread uniformly over the window, p99 is the longest wait for the window's end plus the fan-out.
 * The same seeded sequence for every scenario: the bare server and ours see the same probe timing.
 */
const PROBE_SPACING_MS = 500;
const PROBE_SEED = 14;
const WINDOWS = 3;
const SCENARIOS = new Set((process.env.BENCH_REALTIME ?? 'bare,bare-scaled,one,two').split(','));

/** mulberry32: a small deterministic generator of uniform numbers in [0, 1). */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
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

/** Memory of all the servers together after a full garbage collection (through their inspectors). */
async function memoryAfterGc(inspectPorts) {
  const all = await Promise.all(inspectPorts.map(inspectMemory));
  const sum = (key) => all.reduce((total, m) => total + m[key], 0);
  return { rss: sum('rss'), retained: sum('heapUsed') + sum('external') };
}

const perDashboardKB = (before, after, key, dashboards) => round((after[key] - before[key]) / dashboards / 1024, 1);

/**
 * One scenario: `dashboards` spread over `dashboardUrls`, tablets and probes writing to `writeUrl`.
 * `ours` gives our instances' URLs (the first takes the writes) and the admin token to read their
 * event-loop delay (null for the bare baseline). `inspectPorts`: the servers' inspectors, to read
 * their memory after a garbage collection before and after the dashboards connect.
 */
async function scenario({ dashboards = DASHBOARDS, dashboardUrls, writeUrl, dashboardToken, tabletTokens, probeToken, ours, inspectPorts }) {
  // The delay monitor's reading with nothing to do, for context: the server reports the delay beyond its
  // sampling period (1 ms here, EVENT_LOOP_SAMPLE_MS), so an idle server reads well under a millisecond.
  let idleLoop = null;
  if (ours) {
    await metrics(ours.urls[0], ours.adminToken, true);
    await sleep(2_000);
    idleLoop = (await metrics(ours.urls[0], ours.adminToken)).eventLoopDelayMs;
  }
  const before = await memoryAfterGc(inspectPorts);
  const swarms = Array.from({ length: SWARMS }, (_, i) => child('swarm.mjs', [dashboardUrls[i % dashboardUrls.length], dashboardToken, String(dashboards / SWARMS), PROBE_SITE], 'ready'));
  await Promise.all(swarms.map((s) => s.ready));
  await sleep(3_000);
  const after = await memoryAfterGc(inspectPorts);
  const tablets = child('tablets.mjs', [JSON.stringify({ url: writeUrl, tokens: tabletTokens, count: TABLETS, intervalMs: TABLET_INTERVAL_MS, maxMs: 120_000 })], 'started');
  await tablets.ready;
  await sleep(2_000);

  let total = 0;
  const windows = [];
  const jitter = seeded(PROBE_SEED);
  for (let w = 0; w < WINDOWS; w++) {
    swarms.forEach((s) => s.proc.send({ type: 'reset' }));
    if (ours) await Promise.all(ours.urls.map((url) => metrics(url, ours.adminToken, true)));
    const probes = [];
    for (let p = 0; p < PROBES_PER_WINDOW; p++) {
      total += 1;
      const sentAt = now();
      await post(writeUrl, probeToken, [{ id: randomUUID(), siteId: PROBE_SITE, direction: 'arrival', mode: 'car', people: 1, vehicles: 1, occurredAt: new Date().toISOString() }]);
      probes.push([total, sentAt]);
      await sleep(PROBE_SPACING_MS + jitter() * COALESCE_MS);
    }
    await sleep(1_000);
    // The worst instance's loop (with two, B fans out as many writes as A without taking the writes).
    const loops = ours ? await Promise.all(ours.urls.map(async (url) => (await metrics(url, ours.adminToken)).eventLoopDelayMs)) : null;
    const loop = loops && { p99: Math.max(...loops.map((l) => l.p99)) };
    const replies = await Promise.all(swarms.map((s) => { const reply = s.next('latencies'); s.proc.send({ type: 'latencies', probes }); return reply; }));
    const latencies = replies.flatMap((r) => r.latencies);
    const handled = replies.flatMap((r) => r.handled);
    windows.push({ p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), handledP99: percentile(handled, 99), missed: replies.reduce((s, r) => s + r.missed, 0), samples: latencies.length, eventLoopP99: loop?.p99 ?? null });
  }
  tablets.proc.send({ type: 'stop' });
  const tabletReport = await tablets.next('done');
  swarms.forEach((s) => s.proc.send({ type: 'stop' }));
  await Promise.all(swarms.map((s) => new Promise((r) => s.proc.once('exit', r))));
  const pick = (key) => round(median(windows.map((w) => w[key])), 1);
  return {
    latencyMs: { p50: pick('p50'), p99: pick('p99'), max: round(Math.max(...windows.map((w) => w.max)), 1) },
    // The same probes read when the swarm's handler ran, as the swarm measured before: the difference
    // is the load generator's own queue (swarm.mjs), not the server's.
    handledP99Ms: pick('handledP99'),
    eventLoopDelayP99Ms: ours ? pick('eventLoopP99') : null,
    eventLoopIdleP99Ms: idleLoop?.p99 ?? null,
    dashboards,
    // Retained heap + external after a full GC: what a connected dashboard holds. RSS after the same GC
    // also counts heap pages V8 keeps from the handshakes' garbage (its high-water mark).
    retainedPerDashboardKB: perDashboardKB(before, after, 'retained', dashboards),
    rssPerDashboardKB: perDashboardKB(before, after, 'rss', dashboards),
    probesMissed: windows.reduce((s, w) => s + w.missed, 0),
    samples: windows.reduce((s, w) => s + w.samples, 0),
    tabletWrites: tabletReport,
    windows,
  };
}

/** A scenario's figures on one line, printed as soon as it ends: a run cut short still shows them. */
const summary = (r) => JSON.stringify({ ...r.latencyMs, handledP99Ms: r.handledP99Ms, eventLoopDelayP99Ms: r.eventLoopDelayP99Ms, eventLoopIdleP99Ms: r.eventLoopIdleP99Ms, retainedPerDashboardKB: r.retainedPerDashboardKB, rssPerDashboardKB: r.rssPerDashboardKB, missed: r.probesMissed });

async function tokensFor(url) {
  const tabletTokens = Object.fromEntries(await Promise.all(TABLET_SITES.map(async (site) => [site, await login(url, `assistant-${site}`)])));
  return { tabletTokens, coordinator: await login(url, 'coordinator'), admin: await login(url, 'admin') };
}

export async function realtimeBenchmark(db) {
  const results = { name: 'realtime', setup: `${DASHBOARDS} dashboard sockets (coordinators, all sites) in ${SWARMS} processes (${SCALED_DASHBOARDS} on two instances + Redis), ${TABLETS} tablets posting every ${TABLET_INTERVAL_MS / 1000} s (${TABLETS / (TABLET_INTERVAL_MS / 1000)} writes/s), ${WINDOWS} windows of ${PROBES_PER_WINDOW} probes; coalescing window ${COALESCE_MS} ms` };

  // Baselines: a bare socket.io server sending the same batched messages, on the server core, with
  // 1,000 dashboards and with the 5,000 of the two-instance scenario (same clients, same cores).
  for (const [key, name, dashboards] of [['bare', 'bareSocketIo', DASHBOARDS], ['bare-scaled', 'bareSocketIoScaled', SCALED_DASHBOARDS]]) {
    if (!SCENARIOS.has(key)) continue;
    const [barePort, bareInspect] = [await freePort(), await freePort()];
    const bare = spawn('taskset', ['-c', String(SERVER_CORE), process.execPath, `--inspect=127.0.0.1:${bareInspect}`, join(root, 'bench', 'bare-server.mjs'), String(barePort), String(COALESCE_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await waitForOutput(bare, 'listening on', 10_000);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    try {
      results[name] = await scenario({ dashboards, dashboardUrls: [bareUrl], writeUrl: bareUrl, dashboardToken: 'none', tabletTokens: Object.fromEntries(TABLET_SITES.map((s) => [s, ''])), probeToken: null, ours: null, inspectPorts: [bareInspect] });
    } finally {
      await stopChild(bare);
    }
    console.log(`bare socket.io, ${dashboards} dashboards:`, summary(results[name]));
  }

  // One instance.
  if (SCENARIOS.has('one')) {
    const single = await startBackend({ DATABASE_URL: await createDatabase(db.url), LIVE_COALESCE_MS: String(COALESCE_MS), EVENT_LOOP_SAMPLE_MS: String(LOOP_SAMPLE_MS) }, { inspect: true });
    try {
      const t1 = await tokensFor(single.baseUrl);
      results.oneInstance = await scenario({ dashboardUrls: [single.baseUrl], writeUrl: single.baseUrl, dashboardToken: t1.coordinator, tabletTokens: t1.tabletTokens, probeToken: t1.coordinator, ours: { urls: [single.baseUrl], adminToken: t1.admin }, inspectPorts: [single.inspectPort] });
    } finally {
      await single.stop();
    }
    console.log('one instance:', summary(results.oneInstance));
  }

  // Two instances sharing fan-out through Redis; writes go to A, half the dashboards are on B.
  if (SCENARIOS.has('two')) {
    const redis = await startRedis();
    const env = { DATABASE_URL: await createDatabase(db.url), REDIS_URL: redis.url, LIVE_COALESCE_MS: String(COALESCE_MS), EVENT_LOOP_SAMPLE_MS: String(LOOP_SAMPLE_MS) };
    const a = await startBackend(env, { inspect: true });
    const b = await startBackend(env, { inspect: true });
    try {
      const t2 = await tokensFor(a.baseUrl);
      results.twoInstancesRedis = await scenario({ dashboards: SCALED_DASHBOARDS, dashboardUrls: [a.baseUrl, b.baseUrl], writeUrl: a.baseUrl, dashboardToken: t2.coordinator, tabletTokens: t2.tabletTokens, probeToken: t2.coordinator, ours: { urls: [a.baseUrl, b.baseUrl], adminToken: t2.admin }, inspectPorts: [a.inspectPort, b.inspectPort] });
    } finally {
      // A failed measurement leaves no server behind.
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
    console.log(`two instances + Redis, ${SCALED_DASHBOARDS} dashboards:`, summary(results.twoInstancesRedis));
  }

  const { bareSocketIo: bare, bareSocketIoScaled: bareScaled, oneInstance: one, twoInstancesRedis: two } = results;
  if (!bare || !bareScaled || !one || !two) return results;
  results.comparison = {
    p99VsTarget: `${one.latencyMs.p99} ms vs target ≤ ${COALESCE_MS + 20} ms (coalescing window + 20 ms)`,
    p99OverBareRatio: round(one.latencyMs.p99 / bare.latencyMs.p99, 2),
    p99OverBareTarget: '≤ 1.5',
    p50OverBareMs: round(one.latencyMs.p50 - bare.latencyMs.p50, 1),
    eventLoopTarget: `${one.eventLoopDelayP99Ms} ms vs target < 10 ms (the same monitor reads ${one.eventLoopIdleP99Ms} ms on the idle server)`,
    memoryTarget: `${one.retainedPerDashboardKB} KB retained (heap + external after GC) per dashboard vs target ≤ 20 KB; ${one.rssPerDashboardKB} KB RSS after GC; bare socket.io ${bare.retainedPerDashboardKB} KB retained`,
    scaledP99VsTarget: `${two.latencyMs.p99} ms with ${SCALED_DASHBOARDS} dashboards on two instances vs target ≤ ${COALESCE_MS + 50} ms, ${two.probesMissed} missed (target 0), ${two.retainedPerDashboardKB} KB retained per dashboard`,
    scaledP99OverBareRatio: round(two.latencyMs.p99 / bare.latencyMs.p99, 2),
    scaledP99OverBareScaledRatio: round(two.latencyMs.p99 / bareScaled.latencyMs.p99, 2),
  };
  return results;
}
