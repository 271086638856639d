import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplayReport } from '../src/simulator/replay.js';
import { csvRows, download, pdfText, xlsxSheets } from './support/exports.js';
import { freePort, MAIN, ServerProcess } from './support/server-process.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'simulator', 'cli.js');
/** Any truthy CI (`true`, `1`, a provider's name) runs it; so does FULL_REPLAY=1 on a workstation. */
const truthy = (value: string | undefined) => value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());
const enabled = truthy(process.env.CI) || process.env.FULL_REPLAY === '1';
if (!enabled) {
  console.warn('SKIPPED: the full 2024 season replay (minutes long) runs only with CI set or FULL_REPLAY=1');
}

/**
 * After a season's worth of writes the server may still be working through its realtime emissions (one
 * sequence number from PostgreSQL per event, in order) and not stop on SIGTERM in time: then it is
 * killed, and so is the PostgreSQL it started.
 */
async function stopWithin(server: ServerProcess, ms: number): Promise<void> {
  const stopped = await Promise.race([server.stop().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
  if (stopped) return;
  server.child.kill('SIGKILL');
  await server.exited();
  const pidFile = join(server.dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

/** The 2024 activity report's key figures (DOMAIN.md). */
const REPORT = {
  arrivals: 3_761_589,
  sea: 1_972_542,
  air: 1_789_047,
  assistance: { information: 98_310, administrative: 27_011, customs: 15_244, medical: 13_714, transport: 1_628 },
  total: 155_907,
  centralOffice: 43_883,
  busStaging: { passengers: 12_328, buses: 218, minibuses: 63 },
};

/**
 * The whole 2024 season, played by the simulator CLI into the built server (both real processes, the
 * server on its embedded PostgreSQL), then read back as statistics and exports.
 */
(enabled ? describe : describe.skip)('the full 2024 season replayed through the public API', () => {
  let dir: string;
  let server: ServerProcess;
  let report: ReplayReport;
  let token: string;

  beforeAll(async () => {
    for (const file of [MAIN, CLI]) if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'marhaba-season-'));
    chmodSync(dir, 0o755);
    // A past season loaded as fast as it goes: far above the per-user write limit of live tablets. The
    // replay leaves its unresolved cases open: no sweep for unattended cases while it runs.
    server = new ServerProcess(join(dir, 'data'), await freePort(), { RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_LOGIN_PER_MINUTE: '100000', ALERT_SWEEP_MS: '3600000' });
    await server.start();
    const started = Date.now();
    const cli = spawn(process.execPath, [CLI, '--edition', '2024', '--max', '--url', server.baseUrl, '--concurrency', '16', '--lifecycle', 'counted'], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    cli.stdout.on('data', (d) => (out += d));
    cli.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    if (code !== 0) throw new Error(`the simulator failed (${code}): ${err.slice(-2000)}`);
    report = JSON.parse(out) as ReplayReport;
    console.log(`full 2024 replay: ${report.sent.movements} movements, ${report.requests} requests in ${Math.round((Date.now() - started) / 1000)} s`);
    token = await server.login('supervisor');
  }, 40 * 60_000);
  afterAll(async () => {
    if (server) await stopWithin(server, 60_000);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it("should give the report's key figures in the statistics", async () => {
    const { status, body } = await server.request('GET', '/api/stats/season/2024', token);
    expect(status).toBe(200);
    expect(body.arrivals.people).toBe(REPORT.arrivals);
    expect(body.arrivals.byChannel).toEqual({ sea: REPORT.sea, air: REPORT.air });
    expect(body.assistance.byCategory).toEqual(REPORT.assistance);
    expect(body.assistance.total).toBe(REPORT.total);
    expect(body.centralOffice.processed).toBe(REPORT.centralOffice);
    expect(body.busStaging).toEqual(REPORT.busStaging);
    expect(body.departures.people).toBe(report.sent.departures.people);
    expect(body.peaks.departures).toMatchObject({ date: '2024-08-28' });
    expect(body.peaks.departures.people).toBeGreaterThan(78_000);
    expect(body.previous).toMatchObject({ year: 2023, source: 'reference', arrivals: 3_165_255, change: { arrivals: 18.84 } });
  });

  it('should give the same figures in the CSV and XLSX exports', async () => {
    const rows = csvRows((await download(server.baseUrl, '/api/stats/season/2024/export.csv', token)).body);
    expect(rows).toContainEqual(['Arrivées', 'Total', 'Personnes', String(REPORT.arrivals)]);
    expect(rows).toContainEqual(['Arrivées', 'Voie maritime', 'Personnes', String(REPORT.sea)]);
    expect(rows).toContainEqual(['Arrivées', 'Voie aérienne', 'Personnes', String(REPORT.air)]);
    expect(rows).toContainEqual(['Assistance', 'Total', 'Cas', String(REPORT.total)]);
    expect(rows).toContainEqual(['Assistance', 'Administratif et juridique', 'Cas', String(REPORT.assistance.administrative)]);
    expect(rows).toContainEqual(['Bureau central de coordination', 'Total', 'Demandes traitées', String(REPORT.centralOffice)]);
    expect(rows).toContainEqual(['Gestion des autocars (aire Méditerranée)', 'Total', 'Autocars', String(REPORT.busStaging.buses)]);

    const sheet = (await xlsxSheets((await download(server.baseUrl, '/api/stats/season/2024/export.xlsx?lang=en', token)).body)).get('Key figures');
    expect(sheet).toContainEqual(['Arrivals', 'Total', 'People', REPORT.arrivals]);
    expect(sheet).toContainEqual(['Arrivals', 'By sea', 'People', REPORT.sea]);
    expect(sheet).toContainEqual(['Arrivals', 'By air', 'People', REPORT.air]);
    expect(sheet).toContainEqual(['Assistance', 'Information', 'Cases', REPORT.assistance.information]);
    expect(sheet).toContainEqual(['Central Coordination Office', 'Total', 'Requests processed', REPORT.centralOffice]);
    expect(sheet).toContainEqual(['Bus management (Méditerranée area)', 'Total', 'Passengers', REPORT.busStaging.passengers]);
  });

  it('should print the figures in a valid PDF, in French and in Arabic', async () => {
    for (const lang of ['fr', 'ar']) {
      const pdf = await download(server.baseUrl, `/api/stats/season/2024/export.pdf?lang=${lang}`, token);
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(pdf.body);
      for (const figure of [REPORT.arrivals, REPORT.sea, REPORT.air, REPORT.total, REPORT.centralOffice, REPORT.busStaging.passengers, ...Object.values(REPORT.assistance)]) {
        expect([lang, text.includes(String(figure))]).toEqual([lang, true]);
      }
    }
  });
});
