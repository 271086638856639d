// Shared pieces of the benchmarks: core pinning, real PostgreSQL/Redis/backend processes, statistics.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MAIN = join(root, 'backend', 'dist', 'main.js');
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01';
/** The server side (backend, PostgreSQL, Redis) runs on core 0, load generators on core 1. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export function pinSelf(core) {
  execFileSync('taskset', ['-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** A real PostgreSQL (the embedded binaries) pinned to the server core, with a fresh database. */
export async function startDatabase() {
  const { startEmbeddedPostgres } = await import(join(root, 'backend', 'dist', 'database', 'embedded-postgres.js'));
  pinSelf(SERVER_CORE); // children inherit the affinity at fork
  const db = await startEmbeddedPostgres(join(tempDir('marhaba-bench-pg-'), 'pg'), () => undefined);
  pinSelf(LOAD_CORE);
  return db;
}

export async function createDatabase(adminUrl) {
  const name = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startRedis() {
  const port = await freePort();
  const child = spawn('taskset', ['-c', String(SERVER_CORE), 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitForOutput(child, 'Ready to accept connections', 10_000);
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/**
 * The built backend as its own process on the server core. BENCH_PROFILE_DIR=dir writes CPU profiles
 * there. `inspect: true` opens the inspector on a free loopback port (`inspectPort`), for benchmarks
 * that force a garbage collection before reading memory (inspectMemory).
 */
export async function startBackend(env, { inspect = false } = {}) {
  const port = await freePort();
  const inspectPort = inspect ? await freePort() : null;
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const inspector = inspect ? [`--inspect=127.0.0.1:${inspectPort}`] : [];
  const child = spawn('taskset', ['-c', String(SERVER_CORE), process.execPath, ...profile, ...inspector, MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIMULATOR: 'off', DEMO_HISTORY: 'off', DEMO: '1', JWT_SECRET, RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_LOGIN_PER_MINUTE: '100000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForOutput(child, 'listening on', 60_000);
  const baseUrl = `http://127.0.0.1:${port}`;
  return { baseUrl, port, inspectPort, child, stop: () => stopChild(child) };
}

/**
 * Through the inspector protocol: a full garbage collection (HeapProfiler.collectGarbage), then the
 * process's `process.memoryUsage()`. Bench-only: the server has no route for either.
 */
export async function inspectMemory(inspectPort) {
  const { default: WebSocket } = await import('ws');
  const [target] = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data) => {
        const message = JSON.parse(String(data));
        if (message.id !== mine) return;
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    // Twice: objects freed by the first collection's finalizers go in the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const { result } = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    return JSON.parse(result.value);
  } finally {
    socket.close();
  }
}

export function waitForOutput(child, text, timeoutMs) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms: ${output}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function login(baseUrl, username) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'marhaba' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return (await res.json()).accessToken;
}

export async function metrics(baseUrl, token, reset = false) {
  const res = await fetch(`${baseUrl}/api/health/metrics${reset ? '?reset=true' : ''}`, { headers: { authorization: `Bearer ${token}` } });
  return res.json();
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);
export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes of this machine. */
export const now = () => performance.timeOrigin + performance.now();
