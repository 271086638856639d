import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createTestDatabase, movement, newCase, TestApp } from './support/test-app.js';
import { csvRows, download, xlsxSheets } from './support/exports.js';
import { DemoService } from '../src/modules/demo/demo.service.js';
import { untyped } from './support/api-surface.js';
import { LiveService } from '../src/modules/live/live.service.js';

const TRAFFIC_HEADER = 'date,siteId,direction,people,vehicles';
const ASSISTANCE_HEADER = 'date,siteId,category,cases,escalated';

/** POST /api/imports with a file in the `file` field, as a browser's FormData sends it. */
async function upload(app: TestApp, token: string, query: string, content: string | Buffer, name = 'figures.csv'): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const res = await fetch(`${app.baseUrl}/api/imports${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

const csv = (header: string, rows: string[]) => [header, ...rows].join('\n') + '\n';

describe('POST /api/imports (real PostgreSQL)', () => {
  let app: TestApp;
  let supervisor: string;
  let coordinator: string;
  let admin: string;

  beforeAll(async () => {
    app = await TestApp.start(undefined, { IMPORT_MAX_BYTES: '16384' });
    [supervisor, coordinator, admin] = await Promise.all([app.login('supervisor'), app.login('coordinator'), app.login('admin')]);
  });
  afterAll(() => app.close());

  const importedRows = async () => (await app.query<{ n: number }>('SELECT ((SELECT count(*) FROM imported_traffic_days) + (SELECT count(*) FROM imported_case_days))::int AS n'))[0]!.n;
  const stats = async (path: string) => (await app.request('GET', `/api/stats/season/${path}`, { token: supervisor })).body;

  it('should refuse a file with bad rows as a whole, naming every bad row, its column and why', async () => {
    const file = csv(TRAFFIC_HEADER, [
      '2023-07-01,tanger-med,arrival,100,30', // row 2: good
      '2023-05-01,tanger-med,arrival,1,1', // row 3: before the edition
      '2023-07-01,atlantis,arrival,1,1', // row 4: unknown site
      '2023-07-01,nador,sideways,1,1', // row 5: unknown direction
      '2023-07-01,nador,arrival,-3,1', // row 6: negative
      '2023-07-01,nador,departure,2.5,1', // row 7: not whole
      '2023-07-01,tanger-med,arrival,7,2', // row 8: duplicate of row 2
      '2023-07-02,nador,arrival,=1+1,0', // row 9: a formula
      '2023-02-30,nador,arrival,1,1', // row 10: no such day
      '2023-07-01,laayoune-hassan-1,arrival,1,1', // row 11: a site of 2025 only, outside the 2023 edition
    ]);
    const res = await upload(app, supervisor, '?edition=2023', file);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'invalid_input', rows: 10, accepted: 0, replaced: 0 });
    const named = res.body.errors.map((e: { row: number; column: string | null; reason: string }) => [e.row, e.column, e.reason]);
    expect(named).toEqual([
      [3, 'date', 'outside_edition'],
      [4, 'siteId', 'unknown_site'],
      [5, 'direction', 'unknown_direction'],
      [6, 'people', 'not_a_count'],
      [7, 'people', 'not_a_count'],
      [8, null, 'duplicate_row'],
      [9, 'people', 'not_a_count'],
      [10, 'date', 'not_a_date'],
      [11, 'siteId', 'unknown_site'],
    ]);
    expect(res.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await importedRows()).toBe(0);
  });

  it('should name unknown and missing columns of the header', async () => {
    const res = await upload(app, supervisor, '?edition=2023', csv('date,siteId,direction,people,colour', ['2023-07-01,nador,arrival,1,red']));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, column: 'colour', reason: 'unknown_column' }),
        expect.objectContaining({ row: 1, column: 'vehicles', reason: 'missing_column' }),
      ]),
    );
  });

  it('should preview a file in a dry run without storing anything', async () => {
    const res = await upload(app, supervisor, '?edition=2023&dryRun=true', csv(TRAFFIC_HEADER, ['2023-07-01,tanger-med,arrival,100,30']));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 1, accepted: 1, replaced: 0, dryRun: true, errors: [] });
    expect(await importedRows()).toBe(0);
  });

  it('should import a CSV once: the same file twice replaces its figures and adds nothing', async () => {
    const file = csv(TRAFFIC_HEADER, ['2023-06-05,tanger-med,arrival,100,30', '2023-06-05,tanger-med,departure,40,12', '2023-06-06,casablanca-mohammed-v,arrival,500,0']);
    const first = await upload(app, supervisor, '?edition=2023', file);
    expect(first).toMatchObject({ status: 200, body: { rows: 3, accepted: 3, replaced: 0, errors: [] } });
    const again = await upload(app, supervisor, '?edition=2023', file);
    expect(again).toMatchObject({ status: 200, body: { rows: 3, accepted: 3, replaced: 3 } });
    const season = await stats('2023');
    expect(season.arrivals.people).toBe(600);
    expect(season.departures.people).toBe(40);
    expect(season.arrivals.bySite.find((s: { siteId: string }) => s.siteId === 'tanger-med')).toEqual({ siteId: 'tanger-med', people: 100, vehicles: 30 });
    expect(season.daily.slice(0, 2)).toEqual([
      { date: '2023-06-05', arrivals: 100, departures: 40 },
      { date: '2023-06-06', arrivals: 500, departures: 0 },
    ]);
    const audit = await app.query(`SELECT username, details FROM audit_log WHERE kind = 'import' ORDER BY id`);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ username: 'supervisor', details: { edition: 2023, source: 'csv', rows: 3, accepted: 3, replaced: 0 } });
  });

  it('should import assistance rows from an XLSX sheet, the row numbers being the sheet rows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('2023');
    sheet.addRow(ASSISTANCE_HEADER.split(','));
    sheet.addRow([new Date(Date.UTC(2023, 5, 5)), 'tanger-med', 'customs', 10, 4]);
    sheet.addRow(['2023-06-06', 'nador', 'medical', 3, 0]);
    const good = Buffer.from(await book.xlsx.writeBuffer());
    sheet.addRow(['2023-06-07', 'nador', 'medical', 3, 5]);
    const bad = Buffer.from(await book.xlsx.writeBuffer());
    const refused = await upload(app, supervisor, '?edition=2023', bad, 'cases.xlsx');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 4, column: 'escalated', reason: 'more_escalated_than_cases' })]);
    const res = await upload(app, admin, '?edition=2023', good, 'cases.xlsx');
    expect(res).toMatchObject({ status: 200, body: { rows: 2, accepted: 2, replaced: 0 } });
    const season = await stats('2023');
    expect(season.assistance).toMatchObject({ total: 13, byCategory: { customs: 10, medical: 3 } });
    expect(season.centralOffice.processed).toBe(4);
  });

  it('should take JSON with both kinds of rows', async () => {
    const res = await app.request('POST', '/api/imports', {
      token: supervisor,
      body: { edition: 2023, traffic: [{ date: '2023-06-07', siteId: 'nador', direction: 'arrival', people: 20, vehicles: 6 }], assistance: [{ date: '2023-06-07', siteId: 'nador', category: 'transport', cases: 2, escalated: 0 }] },
    });
    expect(res).toMatchObject({ status: 200, body: { rows: 2, accepted: 2, replaced: 0 } });
    const refused = await app.request('POST', '/api/imports', { token: supervisor, body: { edition: 2023, traffic: [{ date: '2023-06-07', siteId: 'nador', direction: 'arrival', people: 'many', vehicles: 6 }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ kind: 'traffic', row: 1, column: 'people', reason: 'not_a_count' })]);
  });

  it('should refuse a file over IMPORT_MAX_BYTES with 413, and roles without the permission with 403', async () => {
    const big = csv(TRAFFIC_HEADER, Array.from({ length: 600 }, () => '2023-07-01,tanger-med,arrival,100,30'));
    const res = await upload(app, supervisor, '?edition=2023', big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
    expect((await upload(app, coordinator, '?edition=2023', csv(TRAFFIC_HEADER, ['2023-07-01,tanger-med,arrival,1,1']))).status).toBe(403);
  });

  it('should refuse (409) an import over days and sites with live records, naming the rows', async () => {
    const live = movement({ siteId: 'nador', occurredAt: '2023-07-10T10:00:00+01:00' });
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [live] } })).status).toBe(200);
    const before = await importedRows();
    const res = await upload(app, supervisor, '?edition=2023', csv(TRAFFIC_HEADER, ['2023-07-10,tanger-med,arrival,5,1', '2023-07-10,nador,arrival,5,1', '2023-07-10,nador,departure,5,1']));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'live_data_present', accepted: 0 });
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(await importedRows()).toBe(before);
  });

  it('should refuse (409 already_imported) live movements and cases for a day and site whose figures were imported', async () => {
    const m = movement({ siteId: 'tanger-med', occurredAt: '2023-06-05T12:00:00+01:00' });
    const res = await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [m] } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('already_imported');
    expect(res.body.message).toContain('tanger-med on 2023-06-05');
    const c = await app.request('POST', '/api/cases', { token: coordinator, body: newCase({ siteId: 'nador', openedAt: '2023-06-06T12:00:00+01:00' }) });
    expect(c).toMatchObject({ status: 409, body: { code: 'already_imported' } });
    const inBatch = await app.request('POST', '/api/cases/batch', { token: coordinator, body: { cases: [newCase({ siteId: 'nador' }), newCase({ siteId: 'nador', openedAt: '2023-06-06T12:00:00+01:00' })] } });
    expect(inBatch).toMatchObject({ status: 409, body: { code: 'already_imported' } });
    const { socket } = await app.connect(coordinator);
    const ack = await untyped(socket).emitWithAck('movements', { movements: [movement({ siteId: 'tanger-med', occurredAt: '2023-06-05T13:00:00+01:00' })] });
    expect(ack).toMatchObject({ ok: false, error: { statusCode: 409, code: 'already_imported' } });
    expect(await app.query(`SELECT id FROM movements WHERE occurred_at < '2023-07-01'`)).toEqual([]);
    expect(await app.query(`SELECT id FROM cases WHERE site_id = 'nador' AND opened_at < '2023-07-01'`)).toEqual([]);
  });

  it('should compare 2024 with imported 2023 per site and per day', async () => {
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [movement({ siteId: 'tanger-med', people: 120, vehicles: 30, occurredAt: '2024-06-05T10:00:00+01:00' })] } })).status).toBe(200);
    const season = await stats('2024');
    expect(season.previous).toMatchObject({ year: 2023, source: 'recorded', change: { arrivals: expect.any(Number) } });
    expect(season.previous.bySite.find((s: { siteId: string }) => s.siteId === 'tanger-med')).toEqual({ siteId: 'tanger-med', arrivals: 100, departures: 40, assistance: 10 });
    expect(season.previous.daily[0]).toEqual({ date: '2024-06-05', previousDate: '2023-06-05', arrivals: 100, departures: 40 });
    expect(season.previous.daily[1]).toEqual({ date: '2024-06-06', previousDate: '2023-06-06', arrivals: 500, departures: 0 });
    const site = await stats('2024?siteId=tanger-med&from=2024-06-05&to=2024-06-05');
    expect(site.previous).toMatchObject({ arrivals: 100, departures: 40, change: { arrivals: 20 } });
  });

  it("should give the console's same day of the previous edition from an imported day: whole day, no hours", async () => {
    const coordinatorUser = { id: 'c', username: 'coordinator', role: 'coordinator' as const, siteIds: [] };
    const today = await app.get(LiveService).today(coordinatorUser, { siteId: 'tanger-med' }, new Date('2024-06-05T12:00:00+01:00'));
    expect(today.previous).toEqual({
      year: 2023,
      day: '2023-06-05',
      hourly: false,
      sameTime: null,
      wholeDay: { arrivals: { people: 100, vehicles: 30 }, departures: { people: 40, vehicles: 12 } },
      hours: [],
    });
  });

  it('should never let a text cell come back as a formula in the CSV and XLSX exports', async () => {
    expect((await app.request('PATCH', '/api/sites/tanger-med', { token: admin, body: { names: { en: '=HYPERLINK("http://evil.example","Tanger")' } } })).status).toBe(200);
    const file = await download(app.baseUrl, '/api/stats/season/2024/export.csv?lang=en', supervisor);
    const cells = csvRows(file.body).flat();
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","Tanger")`);
    // Numbers (a change of -80.77 %) are numbers, not formulas; no other cell may open like one.
    const formulaLike = (v: unknown) => typeof v === 'string' && /^[=+\-@]/.test(v) && Number.isNaN(Number(v));
    expect(cells.filter(formulaLike)).toEqual([]);
    const book = await download(app.baseUrl, '/api/stats/season/2024/export.xlsx?lang=en', supervisor);
    const values = [...(await xlsxSheets(book.body)).values()].flat(2);
    expect(values).toContain(`'=HYPERLINK("http://evil.example","Tanger")`);
    expect(values.filter(formulaLike)).toEqual([]);
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    // The previous edition's columns per site and per day are in the files too.
    expect(cells).toContain('Previous edition (2023) — Arrivals');
  });
});

describe('Demo preload of past editions (real PostgreSQL)', () => {
  it('should show a whole 2024 season on a fresh demo start, and not load it again at the next start', async () => {
    const url = await createTestDatabase();
    const started = Date.now();
    let app = await TestApp.start(url, { DEMO_HISTORY: 'on' });
    const firstStartMs = Date.now() - started;
    try {
      const supervisor = await app.login('supervisor');
      const season = (await app.request('GET', '/api/stats/season/2024', { token: supervisor })).body;
      // The season model's 2024 targets (the activity report's figures), as daily figures.
      expect(season.arrivals.people).toBe(3_761_589);
      expect(season.arrivals.byChannel).toEqual({ sea: 1_972_542, air: 1_789_047 });
      expect(season.assistance.total).toBe(155_907);
      expect(season.daily.every((d: { arrivals: number }) => d.arrivals > 0)).toBe(true);
      expect(season.previous).toMatchObject({ year: 2023, source: 'recorded' });
      expect(season.previous.daily.every((d: { arrivals: number }) => d.arrivals > 0)).toBe(true);
      expect(firstStartMs).toBeLessThan(60_000);
    } finally {
      await app.close();
    }
    const count = async () => (await app.query<{ n: number; imports: number }>(`SELECT (SELECT count(*)::int FROM imported_traffic_days) AS n, (SELECT count(*)::int FROM audit_log WHERE kind = 'import') AS imports`))[0]!;
    const before = await count();
    app = await TestApp.start(url, { DEMO_HISTORY: 'on' });
    try {
      expect(await app.get(DemoService).preloadHistory()).toEqual([]);
      expect(await count()).toEqual(before);
    } finally {
      await app.close();
    }
  });
});
