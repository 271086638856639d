// Benchmark: importing a whole season's daily figures through POST /api/imports (every site of the 2023
// edition, every day, both directions and the five categories: two CSV uploads), first into an empty
// edition, then again (every figure replaced); and the demo's first start with the preload of the past
// editions, as time to a healthy server, then its second start (nothing to preload).
import { spawn } from 'node:child_process';
import { createDatabase, JWT_SECRET, login, MAIN, median, round, SERVER_CORE, startBackend, freePort, stopChild } from './lib.mjs';

const RUNS = 3;
const CATEGORIES = ['information', 'administrative', 'customs', 'medical', 'transport'];

function days(from, to) {
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** Two CSV files, the shape supervisors keep: deterministic figures for every site and day of the edition. */
function seasonFiles(edition, siteIds) {
  const traffic = ['date,siteId,direction,people,vehicles'];
  const assistance = ['date,siteId,category,cases,escalated'];
  days(edition.startsOn, edition.endsOn).forEach((day, d) => {
    siteIds.forEach((siteId, s) => {
      for (const [k, direction] of ['arrival', 'departure'].entries()) {
        const people = 200 + ((d * 37 + s * 101 + k * 13) % 5000);
        traffic.push(`${day},${siteId},${direction},${people},${Math.floor(people / 3.4)}`);
      }
      CATEGORIES.forEach((category, c) => {
        const cases = (d * 7 + s * 3 + c) % 60;
        assistance.push(`${day},${siteId},${category},${cases},${Math.floor(cases / 4)}`);
      });
    });
  });
  return { traffic: traffic.join('\n') + '\n', assistance: assistance.join('\n') + '\n', rows: traffic.length + assistance.length - 2 };
}

async function upload(baseUrl, token, year, name, content) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const res = await fetch(`${baseUrl}/api/imports?edition=${year}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`import ${name}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

/** Milliseconds from spawning the built server (demo mode, preload on) to its first healthy answer. */
async function timeToHealthy(databaseUrl) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('taskset', ['-c', String(SERVER_CORE), process.execPath, MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIMULATOR: 'off', DEMO: '1', DEMO_HISTORY: 'on', DATABASE_URL: databaseUrl, JWT_SECRET },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error('not healthy within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await stopChild(child);
  }
}

export async function importsBenchmark(db) {
  const server = await startBackend({ DATABASE_URL: await createDatabase(db.url), IMPORT_MAX_BYTES: String(50 * 1024 * 1024) });
  let season;
  try {
    const token = await login(server.baseUrl, 'supervisor');
    const editions = await (await fetch(`${server.baseUrl}/api/editions`, { headers: { authorization: `Bearer ${token}` } })).json();
    const edition = editions.find((e) => e.year === 2023);
    const siteIds = (await (await fetch(`${server.baseUrl}/api/sites`, { headers: { authorization: `Bearer ${token}` } })).json()).map((s) => s.id);
    const files = seasonFiles(edition, edition.siteIds ?? siteIds);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const a = await upload(server.baseUrl, token, 2023, 'traffic.csv', files.traffic);
      const b = await upload(server.baseUrl, token, 2023, 'assistance.csv', files.assistance);
      runs.push({ ms: performance.now() - t, accepted: a.accepted + b.accepted, replaced: a.replaced + b.replaced });
    }
    const first = runs[0];
    const again = median(runs.slice(1).map((r) => r.ms));
    season = {
      rows: files.rows,
      bytes: files.traffic.length + files.assistance.length,
      firstImportMs: round(first.ms),
      firstRowsPerSecond: Math.round(files.rows / (first.ms / 1000)),
      reimportMedianMs: round(again),
      reimportReplaced: runs[1].replaced,
      targetMs: 5000,
    };
  } finally {
    await server.stop();
  }
  const demoDb = await createDatabase(db.url);
  const firstStartMs = await timeToHealthy(demoDb);
  const secondStartMs = await timeToHealthy(demoDb);
  return { name: 'imports', season, demoStart: { firstStartToHealthyMs: round(firstStartMs), secondStartToHealthyMs: round(secondStartMs) } };
}
