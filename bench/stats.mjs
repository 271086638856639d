// Benchmark 3: GET /api/stats/season/2024 (daily rollups) vs a plain SQL GROUP BY over the raw movements
// and cases tables, on the same fully replayed 2024 season. The season is replayed once through the public
// API by the simulator CLI (--lifecycle counted, as in CI) into .bench/stats-pg (a quarter of an hour or more) and reused by later runs;
// delete .bench/ to replay again. Both cores for the replay; measurements are sequential requests.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { JWT_SECRET, login, median, root, round } from './lib.mjs';

const DIR = join(root, '.bench');
const MARKER = join(DIR, 'stats-replay-2024.json');
const API_RUNS = 30;
const SQL_RUNS = 7;

/** A process on both cores (the benchmark runner pins itself to one). */
function start(args, env) {
  const child = spawn('taskset', ['-c', '0-1', process.execPath, ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function until(proc, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!proc.output().includes(text)) {
    if (proc.child.exitCode !== null || Date.now() > deadline) throw new Error(`no "${text}": ${proc.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const range = (column) =>
  `${column} >= ('2024-06-05'::date::timestamp AT TIME ZONE 'Africa/Casablanca') AND ${column} < ('2024-09-16'::date::timestamp AT TIME ZONE 'Africa/Casablanca')`;

/** The same figures as the endpoint, computed from the raw rows by the query a reporting tool would write. */
const RAW_QUERIES = [
  `SELECT site_id, direction, mode, sum(people)::bigint AS people, sum(vehicles)::bigint AS vehicles FROM movements WHERE ${range('occurred_at')} GROUP BY 1, 2, 3`,
  `SELECT (m.occurred_at AT TIME ZONE 'Africa/Casablanca')::date AS day, m.direction, sum(m.people)::bigint AS people
     FROM movements m JOIN sites s ON s.id = m.site_id WHERE s.country = 'MA' AND s.kind <> 'rest_area' AND ${range('m.occurred_at')} GROUP BY 1, 2`,
  `SELECT site_id, category, count(*)::int AS opened, count(escalated_at)::int AS escalated FROM cases WHERE ${range('opened_at')} GROUP BY 1, 2`,
];

export async function statsBenchmark() {
  mkdirSync(DIR, { recursive: true });
  chmodSync(DIR, 0o755);
  const { startEmbeddedPostgres } = await import(join(root, 'backend', 'dist', 'database', 'embedded-postgres.js'));
  const db = await startEmbeddedPostgres(join(DIR, 'stats-pg'), () => undefined);
  const port = 30000 + Math.floor(Math.random() * 20000);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = start([join(root, 'backend', 'dist', 'main.js')], {
    DATABASE_URL: db.url,
    JWT_SECRET,
    DEMO: '1',
    SIMULATOR: 'off',
    DEMO_HISTORY: 'off',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    ALERT_SWEEP_MS: '3600000',
  });
  const sql = new pg.Pool({ connectionString: db.url, max: RAW_QUERIES.length });
  try {
    await until(server, 'listening on', 60_000);
    if (!existsSync(MARKER)) {
      console.log('replaying the full 2024 season through the API into .bench/ (once)…');
      const started = Date.now();
      const cli = start([join(root, 'backend', 'dist', 'simulator', 'cli.js'), '--edition', '2024', '--max', '--url', baseUrl, '--concurrency', '16', '--lifecycle', 'counted'], {});
      if ((await cli.exited) !== 0) throw new Error(`the replay failed: ${cli.output().slice(-2000)}`);
      const report = JSON.parse(cli.output().slice(cli.output().indexOf('{\n')));
      writeFileSync(MARKER, JSON.stringify({ replayedAt: new Date().toISOString(), wallSeconds: Math.round((Date.now() - started) / 1000), report }, null, 2));
    }
    const replay = JSON.parse(readFileSync(MARKER, 'utf8'));
    const [rows] = (await sql.query('SELECT (SELECT count(*) FROM movements)::int AS movements, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM traffic_days)::int AS "trafficDays", (SELECT count(*) FROM case_days)::int AS "caseDays"')).rows;

    const token = await login(baseUrl, 'supervisor');
    const api = async () => {
      const t = performance.now();
      const res = await fetch(`${baseUrl}/api/stats/season/2024`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`GET /api/stats/season/2024: ${res.status}`);
      return { ms: performance.now() - t, body };
    };
    const raw = async () => {
      const t = performance.now();
      const results = await Promise.all(RAW_QUERIES.map((q) => sql.query(q)));
      return { ms: performance.now() - t, results };
    };
    for (let i = 0; i < 3; i++) await api();
    await raw();
    const apiTimes = [];
    const rawTimes = [];
    let stats;
    let rawResults;
    for (let i = 0; i < API_RUNS; i++) ({ ms: apiTimes[i], body: stats } = await api());
    for (let i = 0; i < SQL_RUNS; i++) ({ ms: rawTimes[i], results: rawResults } = await raw());
    const rawArrivals = rawResults[1].rows.filter((r) => r.direction === 'arrival').reduce((s, r) => s + Number(r.people), 0);
    const rawCases = rawResults[2].rows.reduce((s, r) => s + r.opened, 0);
    if (stats.arrivals.people !== rawArrivals || stats.assistance.total !== rawCases) {
      throw new Error(`the endpoint (${stats.arrivals.people}, ${stats.assistance.total}) and the raw tables (${rawArrivals}, ${rawCases}) disagree`);
    }
    const a = median(apiTimes);
    const b = median(rawTimes);
    return {
      name: 'stats',
      setup: `full 2024 season: ${rows.movements} movements, ${rows.cases} cases (rollups: ${rows.trafficDays} traffic_days, ${rows.caseDays} case_days rows); ${API_RUNS} sequential requests, ${SQL_RUNS} raw runs (3 queries in parallel)`,
      replay: { at: replay.replayedAt, wallSeconds: replay.wallSeconds, requests: replay.report.requests, movements: replay.report.sent.movements },
      endpointMedianMs: round(a),
      rawGroupByMedianMs: round(b),
      ratio: round(b / a, 1),
      sameFigures: { arrivals: rawArrivals, cases: rawCases },
    };
  } finally {
    await sql.end();
    server.child.kill('SIGTERM');
    await server.exited;
    await db.stop();
  }
}
