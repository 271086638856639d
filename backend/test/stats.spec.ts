import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { movement, newCase, TestApp } from './support/test-app.js';
import { csvRows, download, pdfText, xlsxSheets } from './support/exports.js';

/** A small hand-made 2024 season: every figure below is counted by hand. */
describe('GET /api/stats/season/:year (real PostgreSQL)', () => {
  let app: TestApp;
  let supervisor: string;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    supervisor = await app.login('supervisor');
    coordinator = await app.login('coordinator');
    const movements = [
      movement({ siteId: 'tanger-med', mode: 'car', people: 4, vehicles: 1, occurredAt: '2024-07-01T10:00:00+01:00' }),
      movement({ siteId: 'tanger-med', mode: 'bus', people: 48, vehicles: 1, occurredAt: '2024-07-01T10:05:00+01:00' }),
      movement({ siteId: 'casablanca-mohammed-v', mode: 'plane', people: 180, vehicles: 0, occurredAt: '2024-07-01T18:00:00+01:00' }),
      // 00:30 on 5 June in Casablanca: the edition's first day; 23:30 on 4 June: before it.
      movement({ siteId: 'bab-sebta', mode: 'foot', people: 2, vehicles: 0, occurredAt: '2024-06-04T23:30:00Z' }),
      movement({ siteId: 'bab-sebta', mode: 'foot', people: 9, vehicles: 0, occurredAt: '2024-06-04T22:30:00Z' }),
      // Departures on 28 August, the last one at 23:30 local time (22:30 UTC).
      movement({ siteId: 'tanger-med', direction: 'departure', mode: 'car', people: 5, vehicles: 1, occurredAt: '2024-08-28T22:30:00Z' }),
      movement({ siteId: 'nador', direction: 'departure', mode: 'car', people: 3, vehicles: 1, occurredAt: '2024-08-28T09:00:00+01:00' }),
      // Seen at a rest area and abroad: per site, not in the totals.
      movement({ siteId: 'mediterranee', direction: 'departure', mode: 'bus', people: 50, vehicles: 1, occurredAt: '2024-08-28T08:00:00+01:00' }),
      movement({ siteId: 'mediterranee', direction: 'departure', mode: 'minibus', people: 12, vehicles: 1, occurredAt: '2024-08-28T08:10:00+01:00' }),
      movement({ siteId: 'mediterranee', direction: 'departure', mode: 'car', people: 3, vehicles: 1, occurredAt: '2024-08-28T08:20:00+01:00' }),
      movement({ siteId: 'algeciras', mode: 'car', people: 4, vehicles: 1, occurredAt: '2024-07-01T08:00:00+01:00' }),
    ];
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements } })).status).toBe(200);
    const customs = [newCase({ siteId: 'nador', category: 'customs', openedAt: '2024-07-01T11:00:00+01:00' }), newCase({ siteId: 'nador', category: 'customs', openedAt: '2024-07-02T11:00:00+01:00' })];
    const medical = newCase({ siteId: 'algeciras', category: 'medical', openedAt: '2024-08-28T12:00:00+01:00' });
    for (const c of [...customs, medical]) expect((await app.request('POST', '/api/cases', { token: coordinator, body: c })).status).toBe(201);
    expect((await app.request('PATCH', `/api/cases/${customs[0].id}`, { token: coordinator, body: { version: 1, status: 'escalated' } })).status).toBe(200);
    expect((await app.request('PATCH', `/api/cases/${customs[0].id}`, { token: coordinator, body: { version: 2, status: 'resolved' } })).status).toBe(200);
    expect((await app.request('PATCH', `/api/cases/${medical.id}`, { token: coordinator, body: { version: 1, status: 'resolved' } })).status).toBe(200);
  });
  afterAll(() => app.close());

  const stats = (path: string, token = supervisor) => app.request('GET', `/api/stats/season/${path}`, { token });

  it('should count the season from the rollups, crossings in the totals, by local day', async () => {
    const { status, body } = await stats('2024');
    expect(status).toBe(200);
    expect(body.edition).toEqual({ year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' });
    expect(body.arrivals).toMatchObject({ people: 234, vehicles: 2, byChannel: { sea: 54, air: 180 } });
    expect(body.arrivals.bySite.find((f: { siteId: string }) => f.siteId === 'algeciras')).toEqual({ siteId: 'algeciras', people: 4, vehicles: 1 });
    expect(body.departures).toMatchObject({ people: 8, vehicles: 2, byChannel: { sea: 8, air: 0 } });
    expect(body.daily).toHaveLength(103);
    expect(body.daily[0]).toEqual({ date: '2024-06-05', arrivals: 2, departures: 0 });
    expect(body.daily.find((d: { date: string }) => d.date === '2024-08-28')).toEqual({ date: '2024-08-28', arrivals: 0, departures: 8 });
    expect(body.peaks).toEqual({ arrivals: { date: '2024-07-01', people: 232 }, departures: { date: '2024-08-28', people: 8 } });
    expect(body.assistance).toMatchObject({ total: 3, byCategory: { information: 0, administrative: 0, customs: 2, medical: 1, transport: 0 } });
    expect(body.assistance.bySite.slice(0, 2)).toEqual([
      { siteId: 'nador', total: 2, byCategory: { information: 0, administrative: 0, customs: 2, medical: 0, transport: 0 } },
      { siteId: 'algeciras', total: 1, byCategory: { information: 0, administrative: 0, customs: 0, medical: 1, transport: 0 } },
    ]);
    expect(body.centralOffice).toEqual({ processed: 1, byCategory: { information: 0, administrative: 0, customs: 1, medical: 0, transport: 0 } });
    expect(body.busStaging).toEqual({ passengers: 62, buses: 1, minibuses: 1 });
    expect(body.sites.find((s: { id: string }) => s.id === 'mediterranee')).toMatchObject({ kind: 'rest_area', countsTowardsTotals: false });
    // 2023 has no data here: the published figure, derived from the 2024 report's +18.84 %.
    expect(body.previous).toEqual({
      year: 2023,
      source: 'reference',
      arrivals: 3_165_255,
      departures: null,
      assistance: null,
      centralOffice: null,
      change: { arrivals: -99.99, departures: null, assistance: null, centralOffice: null },
      bySite: [],
      daily: [],
    });
  });

  it('should narrow to a site and to days within the edition', async () => {
    const site = (await stats('2024?siteId=tanger-med')).body;
    expect(site.filters).toEqual({ from: '2024-06-05', to: '2024-09-15', siteId: 'tanger-med' });
    expect(site.arrivals).toMatchObject({ people: 52, vehicles: 2, bySite: [{ siteId: 'tanger-med', people: 52, vehicles: 2 }] });
    expect(site.assistance.total).toBe(0);
    expect(site.previous.arrivals).toBeNull();
    const rest = (await stats('2024?siteId=mediterranee')).body;
    expect(rest.departures.people).toBe(65);
    const day = (await stats('2024?from=2024-08-28&to=2024-08-28')).body;
    expect(day.daily).toEqual([{ date: '2024-08-28', arrivals: 0, departures: 8 }]);
    expect(day.arrivals.people).toBe(0);
    expect(day.assistance.total).toBe(1);
    expect(day.busStaging.buses).toBe(1);
  });

  it('should answer zeros for an edition without data, compared with the published 2022 arrivals', async () => {
    const { status, body } = await stats('2023');
    expect(status).toBe(200);
    expect(body.arrivals.people).toBe(0);
    expect(body.daily).toHaveLength(103);
    expect(body.daily.every((d: { arrivals: number; departures: number }) => d.arrivals === 0 && d.departures === 0)).toBe(true);
    expect(body.peaks).toEqual({ arrivals: null, departures: null });
    expect(body.assistance.total).toBe(0);
    expect(body.previous).toMatchObject({ year: 2022, source: 'reference', arrivals: 3_080_984, assistance: null, change: { arrivals: -100 } });
  });

  it('should refuse bad input with a 400 that names the field, and an unknown edition with a 404', async () => {
    for (const [path, field] of [
      ['abcd', 'year'],
      ['20245', 'year'],
      ['1999', 'year'],
      ['2024?from=2024-05-01', 'from'],
      ['2024?to=2024-09-16', 'to'],
      ['2024?from=2024-07-02&to=2024-07-01', 'to'],
      ['2024?from=1%20July', 'from'],
      ['2024?siteId=atlantis', 'siteId'],
      ['2024?siteId=Not%20A%20Slug', 'siteId'],
      ['2024?year=2023', ''],
    ] as const) {
      const res = await stats(path);
      expect([path, res.status]).toEqual([path, 400]);
      if (field) expect(res.body.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const unknown = await stats('2031');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('2023, 2024');
  });

  it('should serve supervisors, coordinators and admins only', async () => {
    expect((await app.request('GET', '/api/stats/season/2024')).status).toBe(401);
    expect((await stats('2024', await app.login('assistant-tanger-med'))).status).toBe(403);
    expect((await stats('2024', coordinator)).status).toBe(200);
    expect((await stats('2024', await app.login('admin'))).status).toBe(200);
    expect((await download(app.baseUrl, '/api/stats/season/2024/export.csv', await app.login('assistant-nador'))).status).toBe(403);
  });

  it('should export the same figures as CSV, XLSX and PDF, in French by default', async () => {
    const csv = await download(app.baseUrl, '/api/stats/season/2024/export.csv', supervisor);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.disposition).toBe('attachment; filename="marhaba-2024-stats-fr.csv"');
    const rows = csvRows(csv.body);
    expect(rows[0]).toEqual(['Rubrique', 'Élément', 'Mesure', 'Valeur']);
    expect(rows).toContainEqual(['Arrivées', 'Total', 'Personnes', '234']);
    expect(rows).toContainEqual(['Arrivées', 'Voie aérienne', 'Personnes', '180']);
    expect(rows).toContainEqual(['Bureau central de coordination', 'Total', 'Demandes traitées', '1']);
    expect(rows).toContainEqual(['Flux quotidiens', '2024-08-28', 'Départs', '8']);

    const xlsx = await download(app.baseUrl, '/api/stats/season/2024/export.xlsx?lang=en', supervisor);
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheets = await xlsxSheets(xlsx.body);
    expect([...sheets.keys()]).toEqual(['Key figures', 'By site', 'Assistance — By site', 'Daily traffic', 'Reporting completeness', 'Completeness by day']);
    expect(sheets.get('Key figures')).toContainEqual(['Arrivals', 'Total', 'People', 234]);
    expect(sheets.get('Key figures')).toContainEqual(['Bus management (Méditerranée area)', 'Total', 'Passengers', 62]);
    expect(sheets.get('Daily traffic')).toHaveLength(104);

    const pdf = await download(app.baseUrl, '/api/stats/season/2024/export.pdf', supervisor);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.body);
    expect(text).toContain('Opération Marhaba 2024');
    expect(text).toContain('Total — Personnes 234');
    expect(text).toContain('Passagers 62');
  });

  it('should export in Arabic, right to left, and in English on request', async () => {
    const pdf = await download(app.baseUrl, '/api/stats/season/2024/export.pdf?lang=ar', supervisor);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.body);
    expect(text).toContain('234');
    expect(text).toContain('3165255');
    const en = csvRows((await download(app.baseUrl, '/api/stats/season/2024/export.csv?lang=en&siteId=tanger-med', supervisor)).body);
    expect(en).toContainEqual(['Arrivals', 'Total', 'People', '52']);
    expect((await download(app.baseUrl, '/api/stats/season/2024/export.pdf?lang=de', supervisor)).status).toBe(400);
    expect((await download(app.baseUrl, '/api/stats/season/2024/export.doc', supervisor)).status).toBe(400);
  });

  it('should compare with the data recorded for the previous edition once there is some', async () => {
    const m = movement({ siteId: 'tanger-med', mode: 'car', people: 117, vehicles: 1, occurredAt: '2023-07-01T10:00:00+01:00' });
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [m] } })).status).toBe(200);
    const { body } = await stats('2024');
    expect(body.previous).toMatchObject({ year: 2023, source: 'recorded', arrivals: 117, departures: 0, assistance: 0, change: { arrivals: 100, departures: null } });
    const site = (await stats('2024?siteId=nador')).body;
    expect(site.previous).toMatchObject({ source: 'recorded', arrivals: 0 });
  });
});
