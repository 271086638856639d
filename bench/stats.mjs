// Statistics benchmark: GET /api/stats/season/2024 (daily rollups) against a plain SQL GROUP BY over the
// raw movements and cases tables, on the same fully replayed 2024 season. Loopback only, bounded runs.
// The season is replayed once into .bench/ (minutes) and reused by later runs; delete .bench/ to replay again.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../backend/dist/database/embedded-postgres.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, '.bench');
const MARKER = join(DIR, 'replay-2024.json');
const API_RUNS = 30;
const SQL_RUNS = 7;
const log = (line) => process.stdout.write(`${line}\n`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

function run(command, args, env, { until } = {}) {
  const child = spawn(process.execPath, [command, ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise((done, fail) => {
    const timer = setInterval(() => until && out.includes(until) && (clearInterval(timer), done()), 100);
    child.once('exit', (code) => (clearInterval(timer), code === 0 ? done() : fail(new Error(`${command} exited ${code}: ${out.slice(-2000)}`))));
  });
  return { child, ready, output: () => out };
}

async function main() {
  mkdirSync(DIR, { recursive: true });
  chmodSync(DIR, 0o755);
  const db = await startEmbeddedPostgres(join(DIR, 'pg'), log);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = run(join(ROOT, 'backend/dist/main.js'), [], {
    DATABASE_URL: db.url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    DEMO: '1',
    SIMULATOR: 'off',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    ALERT_SWEEP_MS: '3600000',
  }, { until: 'listening on' });
  const sql = new pg.Pool({ connectionString: db.url, max: 3 });
  try {
    await server.ready;
    if (!existsSync(MARKER)) {
      log('replaying the full 2024 season into .bench/ (once; several minutes)…');
      const started = Date.now();
      const cli = run(join(ROOT, 'backend/dist/simulator/cli.js'), ['--edition', '2024', '--max', '--url', url, '--concurrency', '32'], {});
      await cli.ready;
      const report = JSON.parse(cli.output().slice(cli.output().indexOf('{\n')));
      writeFileSync(MARKER, JSON.stringify({ replayedAt: new Date().toISOString(), wallSeconds: Math.round((Date.now() - started) / 1000), report }, null, 2));
    }
    const replay = JSON.parse(readFileSync(MARKER, 'utf8'));
    const [counts] = (await sql.query('SELECT (SELECT count(*) FROM movements)::int AS movements, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM traffic_days)::int AS "trafficDays", (SELECT count(*) FROM case_days)::int AS "caseDays"')).rows;

    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'marhaba' }) });
    const { accessToken } = await login.json();
    const api = async () => {
      const t = performance.now();
      const res = await fetch(`${url}/api/stats/season/2024`, { headers: { authorization: `Bearer ${accessToken}` } });
      const body = await res.json();
      return { ms: performance.now() - t, body };
    };
    for (let i = 0; i < 3; i++) await api();
    const apiTimes = [];
    let stats;
    for (let i = 0; i < API_RUNS; i++) ({ ms: apiTimes[i], body: stats } = await api());

    const range = `occurred_at >= ('2024-06-05'::date::timestamp AT TIME ZONE 'Africa/Casablanca') AND occurred_at < ('2024-09-16'::date::timestamp AT TIME ZONE 'Africa/Casablanca')`;
    const queries = [
      `SELECT site_id, direction, mode, sum(people)::bigint AS people, sum(vehicles)::bigint AS vehicles FROM movements WHERE ${range} GROUP BY 1, 2, 3`,
      `SELECT (m.occurred_at AT TIME ZONE 'Africa/Casablanca')::date AS day, m.direction, sum(m.people)::bigint AS people
         FROM movements m JOIN sites s ON s.id = m.site_id WHERE s.country = 'MA' AND s.kind <> 'rest_area' AND ${range.replaceAll('occurred_at', 'm.occurred_at')} GROUP BY 1, 2`,
      `SELECT site_id, category, count(*)::int AS opened, count(escalated_at)::int AS escalated FROM cases
        WHERE opened_at >= ('2024-06-05'::date::timestamp AT TIME ZONE 'Africa/Casablanca') AND opened_at < ('2024-09-16'::date::timestamp AT TIME ZONE 'Africa/Casablanca') GROUP BY 1, 2`,
    ];
    const raw = async () => {
      const t = performance.now();
      const results = await Promise.all(queries.map((q) => sql.query(q)));
      return { ms: performance.now() - t, results };
    };
    await raw();
    const sqlTimes = [];
    let rawResults;
    for (let i = 0; i < SQL_RUNS; i++) ({ ms: sqlTimes[i], results: rawResults } = await raw());
    const rawArrivals = rawResults[1].rows.filter((r) => r.direction === 'arrival').reduce((s, r) => s + Number(r.people), 0);
    const rawCases = rawResults[2].rows.reduce((s, r) => s + r.opened, 0);

    const a = median(apiTimes);
    const b = median(sqlTimes);
    log('');
    log(`season 2024: ${counts.movements} movements, ${counts.cases} cases; rollups: ${counts.trafficDays} traffic_days rows, ${counts.caseDays} case_days rows`);
    log(`replay (once, ${replay.replayedAt}): ${replay.wallSeconds} s wall, ${replay.report.requests} requests`);
    log(`same figures: arrivals API ${stats.arrivals.people} / raw ${rawArrivals}, cases API ${stats.assistance.total} / raw ${rawCases}`);
    log('');
    log('| what | median | runs |');
    log('|---|---|---|');
    log(`| GET /api/stats/season/2024 (rollups, over HTTP) | ${a.toFixed(1)} ms | ${API_RUNS} |`);
    log(`| plain SQL GROUP BY over movements and cases | ${b.toFixed(1)} ms | ${SQL_RUNS} |`);
    log(`| ratio (raw / endpoint) | ${(b / a).toFixed(1)}× | |`);
    if (stats.arrivals.people !== rawArrivals || stats.assistance.total !== rawCases) throw new Error('the endpoint and the raw tables disagree');
  } finally {
    await sql.end();
    server.child.kill('SIGTERM');
    await new Promise((done) => (server.child.exitCode !== null ? done() : server.child.once('exit', done)));
    await db.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
