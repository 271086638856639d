// Benchmark: restart to ready after `kill -9` (issue 14). The built server on an external PostgreSQL (the
// run's, on the server core): a first start migrates and seeds a fresh database, then each of 3 restarts is
// timed from the process being spawned to `GET /api/health` answering 200, after the previous process was
// killed with SIGKILL. Demo mode off (DEMO=0) and on (DEMO=1, its users already written by the first start).
import { spawn } from 'node:child_process';
import { createDatabase, freePort, median, round, sleep, JWT_SECRET, MAIN, SERVER_CORE } from './lib.mjs';

const RESTARTS = 3;
const HEALTH_POLL_MS = 10;
const READY_TIMEOUT_MS = 120_000;

async function healthy(baseUrl) {
  try {
    return (await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) })).status === 200;
  } catch {
    return false;
  }
}

/** Spawns the server and resolves with the child and the milliseconds until /api/health answered 200. */
async function startTimed(env) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn('taskset', ['-c', String(SERVER_CORE), process.execPath, MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIMULATOR: 'off', DEMO_HISTORY: 'off', JWT_SECRET, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (!(await healthy(baseUrl))) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready within ${READY_TIMEOUT_MS} ms`);
    await sleep(HEALTH_POLL_MS);
  }
  return { child, exited, ms: performance.now() - started };
}

async function kill9({ child, exited }) {
  child.kill('SIGKILL');
  await exited;
}

async function restarts(adminUrl, demo) {
  const env = { DATABASE_URL: await createDatabase(adminUrl), DEMO: demo ? '1' : '0' };
  const first = await startTimed(env);
  await kill9(first);
  const times = [];
  for (let i = 0; i < RESTARTS; i++) {
    const run = await startTimed(env);
    times.push(run.ms);
    await kill9(run);
  }
  return { firstStartMs: round(first.ms, 0), restartsMs: times.map((t) => round(t, 0)), medianMs: round(median(times), 0) };
}

export async function restartBenchmark(db) {
  const off = await restarts(db.url, false);
  const on = await restarts(db.url, true);
  const { loadavg } = await import('node:os');
  return {
    name: 'restart',
    what: `process spawn to GET /api/health 200 after kill -9, external PostgreSQL, median of ${RESTARTS}`,
    loadAverage: loadavg().map((l) => round(l, 2)),
    demoOff: off,
    demoOn: on,
    demoAddsMs: round(on.medianMs - off.medianMs, 0),
    target: 'demo off < 2000 ms, demo adds < 1000 ms',
  };
}
