import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csvRows, download, pdfText } from './support/exports.js';
import { movement, TestApp } from './support/test-app.js';

const NEW_AIRPORTS = ['dakhla', 'laayoune-hassan-1'];

describe('editions and their sites, site names in three languages', () => {
  let app: TestApp;
  let admin: string;

  const editionRows = async () => (await app.query<{ n: string }>('SELECT (SELECT count(*) FROM editions) + (SELECT count(*) FROM edition_sites) AS n'))[0]!.n;
  const auditRows = async (kind: string) => app.query<{ username: string; details: Record<string, unknown> }>('SELECT username, details FROM audit_log WHERE kind = $1 ORDER BY id', [kind]);

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.login('admin');
  });
  afterAll(() => app.close());

  it('should answer the three reference editions to any role, 24 sites in 2023 and 2024 and 26 in 2025', async () => {
    const res = await app.request('GET', '/api/editions', { token: await app.login('assistant-jebha') });
    expect(res.status).toBe(200);
    expect(res.body.map((e: { year: number; siteIds: string[] }) => [e.year, e.siteIds.length])).toEqual([[2023, 24], [2024, 24], [2025, 26]]);
    const [, y2024, y2025] = res.body;
    expect(y2025).toMatchObject({ year: 2025, startsOn: '2025-06-05', endsOn: '2025-09-15' });
    expect(y2025.siteIds.filter((id: string) => !y2024.siteIds.includes(id))).toEqual(NEW_AIRPORTS);
  });

  it('should give every site its names in French, Arabic (Arabic script) and English', async () => {
    const sites = (await app.request('GET', '/api/sites', { token: await app.login('coordinator') })).body;
    expect(sites).toHaveLength(26);
    const byId = new Map(sites.map((s: { id: string }) => [s.id, s]));
    expect(byId.get('tanger-med')).toMatchObject({ name: 'Tanger Med', names: { fr: 'Tanger Med', ar: 'طنجة المتوسط', en: 'Tanger Med' } });
    expect(byId.get('bab-sebta')).toMatchObject({ names: { ar: 'باب سبتة' } });
    expect(byId.get('dakhla')).toMatchObject({ kind: 'airport', channel: 'air', lat: 23.718, lon: -15.932, names: { ar: 'مطار الداخلة' } });
    for (const site of sites) expect(site.names.ar).toMatch(/^[\u0600-\u06FF\s/()]+$/);
  });

  it('should refuse a bad edition naming each field, and store nothing', async () => {
    const before = await editionRows();
    const good = { year: 2026, startsOn: '2026-06-05', endsOn: '2026-09-15', siteIds: ['tanger-med', 'dakhla'] };
    const cases: [unknown, string[]][] = [
      [{ ...good, year: 2100, startsOn: '2100-06-05', endsOn: '2100-09-15' }, ['year']],
      [{ ...good, startsOn: '2025-12-01' }, ['startsOn']],
      [{ ...good, endsOn: '2026-09-31' }, ['endsOn']],
      [{ ...good, startsOn: '2026-09-20' }, ['endsOn']],
      [{ ...good, siteIds: ['tanger-med', 'tanger-med'] }, ['siteIds.1']],
      [{ ...good, siteIds: [] }, ['siteIds']],
      [{ ...good, siteIds: ['tanger-med', 'atlantis'] }, ['siteIds.1']],
      [{ ...good, year: 2027, startsOn: '2027-01-01', endsOn: '2027-12-31', colour: 'red' }, ['']],
    ];
    for (const [body, paths] of cases) {
      const res = await app.request('POST', '/api/editions', { token: admin, body });
      expect([JSON.stringify(body), res.status, res.body.code, res.body.details.map((d: { path: string }) => d.path)]).toEqual([JSON.stringify(body), 400, 'invalid_input', paths]);
    }
    // Dates within the year and one edition a year: a second 2024 edition is the only way to overlap 2024.
    const dup = await app.request('POST', '/api/editions', { token: admin, body: { ...good, year: 2024, startsOn: '2024-10-01', endsOn: '2024-10-31' } });
    expect([dup.status, dup.body.code]).toEqual([409, 'already_exists']);
    expect((await app.request('POST', '/api/editions', { token: await app.login('coordinator'), body: good })).status).toBe(403);
    expect(await editionRows()).toBe(before);
    expect(await auditRows('edition_created')).toEqual([]);
  });

  it('should create an edition and change only what a PATCH names, each change audited', async () => {
    const created = await app.request('POST', '/api/editions', { token: admin, body: { year: 2026, startsOn: '2026-06-05', endsOn: '2026-09-15', siteIds: ['tanger-med', 'dakhla'] } });
    expect([created.status, created.body]).toEqual([201, { year: 2026, startsOn: '2026-06-05', endsOn: '2026-09-15', siteIds: ['dakhla', 'tanger-med'] }]);

    const sites = await app.request('PATCH', '/api/editions/2026', { token: admin, body: { siteIds: ['nador', 'tanger-med'] } });
    expect(sites.body).toEqual({ year: 2026, startsOn: '2026-06-05', endsOn: '2026-09-15', siteIds: ['nador', 'tanger-med'] });
    const dates = await app.request('PATCH', '/api/editions/2026', { token: admin, body: { endsOn: '2026-09-20' } });
    expect(dates.body).toEqual({ year: 2026, startsOn: '2026-06-05', endsOn: '2026-09-20', siteIds: ['nador', 'tanger-med'] });

    const refusals: [string, unknown, number, string[]][] = [
      ['/api/editions/2026', {}, 400, ['']],
      ['/api/editions/2026', { startsOn: '2026-10-01' }, 400, ['endsOn']],
      ['/api/editions/2026', { endsOn: '2027-01-10' }, 400, ['endsOn']],
      ['/api/editions/2026', { year: 2030 }, 400, ['']],
      ['/api/editions/2025', { endsOn: '2026-06-10' }, 400, ['endsOn']],
      ['/api/editions/2026', { siteIds: ['nador', 'atlantis'] }, 400, ['siteIds.1']],
    ];
    for (const [path, body, status, paths] of refusals) {
      const res = await app.request('PATCH', path, { token: admin, body });
      expect([JSON.stringify(body), res.status, [...new Set((res.body.details ?? []).map((d: { path: string }) => d.path))]]).toEqual([JSON.stringify(body), status, paths]);
    }
    expect((await app.request('PATCH', '/api/editions/2031', { token: admin, body: { endsOn: '2031-09-01' } })).status).toBe(404);
    expect((await app.request('PATCH', '/api/editions/2026', { token: await app.login('supervisor'), body: { endsOn: '2026-09-01' } })).status).toBe(403);
    expect((await app.request('GET', '/api/editions', { token: admin })).body.find((e: { year: number }) => e.year === 2026)).toEqual(dates.body);

    expect(await auditRows('edition_created')).toEqual([{ username: 'admin', details: { year: 2026, startsOn: '2026-06-05', endsOn: '2026-09-15', siteIds: ['tanger-med', 'dakhla'] } }]);
    expect(await auditRows('edition_updated')).toEqual([
      { username: 'admin', details: { year: 2026, siteIds: ['nador', 'tanger-med'] } },
      { username: 'admin', details: { year: 2026, endsOn: '2026-09-20' } },
    ]);
  });

  it('should count in an edition statistics only the sites of that edition', async () => {
    const coordinator = await app.login('coordinator');
    const occurredAt = '2024-07-10T10:00:00.000Z';
    const recorded = await app.request('POST', '/api/movements', {
      token: coordinator,
      body: { movements: [movement({ siteId: 'tanger-med', people: 40, occurredAt }), movement({ siteId: 'dakhla', mode: 'plane', people: 150, vehicles: 0, occurredAt })] },
    });
    expect(recorded.body).toEqual({ accepted: 2, duplicates: 0 });

    const stats = (await app.request('GET', '/api/stats/season/2024', { token: coordinator })).body;
    expect(stats.arrivals.people).toBe(40);
    expect(stats.sites).toHaveLength(24);
    expect(stats.arrivals.bySite.map((s: { siteId: string }) => s.siteId)).not.toContain('dakhla');
    expect(stats.sites.find((s: { id: string }) => s.id === 'tanger-med').names.ar).toBe('طنجة المتوسط');
    const outside = await app.request('GET', '/api/stats/season/2024?siteId=dakhla', { token: coordinator });
    expect([outside.status, outside.body.details]).toEqual([400, [{ path: 'siteId', message: 'dakhla is not a site of the 2024 edition' }]]);

    // Once dakhla is made a site of 2024, its figures count there.
    const y2024 = (await app.request('GET', '/api/editions', { token: admin })).body.find((e: { year: number }) => e.year === 2024);
    await app.request('PATCH', '/api/editions/2024', { token: admin, body: { siteIds: [...y2024.siteIds, 'dakhla'] } });
    expect((await app.request('GET', '/api/stats/season/2024', { token: coordinator })).body.arrivals.people).toBe(190);
    await app.request('PATCH', '/api/editions/2024', { token: admin, body: { siteIds: y2024.siteIds } });

    // 2025 for dakhla alone: its 2024 figures (recorded while it was outside 2024) are not its previous edition.
    const dakhla = movement({ siteId: 'dakhla', mode: 'plane', people: 70, vehicles: 0, occurredAt: '2025-07-10T10:00:00.000Z' });
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [dakhla] } });
    const y2025 = (await app.request('GET', '/api/stats/season/2025?siteId=dakhla', { token: coordinator })).body;
    expect([y2025.arrivals.people, y2025.previous]).toMatchObject([70, { year: 2024, source: 'recorded', arrivals: 0 }]);
  });

  it('should let an admin change some of a site names, and export them in the file language', async () => {
    const patched = await app.request('PATCH', '/api/sites/tanger-ville', { token: admin, body: { names: { en: 'Tangier City port' } } });
    expect(patched.body.names).toEqual({ fr: 'Tanger Ville', ar: 'طنجة المدينة', en: 'Tangier City port' });
    expect((await app.request('PATCH', '/api/sites/tanger-ville', { token: admin, body: { names: { ar: '' } } })).body.details).toEqual([
      { path: 'names.ar', message: expect.any(String) },
    ]);
    expect((await app.request('PATCH', '/api/sites/tanger-ville', { token: admin, body: { names: { de: 'Tanger Stadt' } } })).status).toBe(400);
    expect((await app.request('GET', '/api/sites/tanger-ville', { token: admin })).body.names.en).toBe('Tangier City port');

    const supervisor = await app.login('supervisor');
    const ar = await download(app.baseUrl, '/api/stats/season/2024/export.csv?lang=ar', supervisor);
    expect(ar.status).toBe(200);
    const cells = csvRows(ar.body).flat();
    expect(cells).toContain('طنجة المتوسط');
    expect(cells).not.toContain('Tanger Med');
    const en = csvRows((await download(app.baseUrl, '/api/stats/season/2024/export.csv?lang=en', supervisor)).body).flat();
    expect(en).toContain('Tangier City port');
    // The Arabic PDF lays the names out right to left with the Arabic glyphs (word order reversed per line).
    const pdf = await pdfText((await download(app.baseUrl, '/api/stats/season/2024/export.pdf?lang=ar', supervisor)).body);
    expect(pdf.normalize('NFKC')).toMatch(/طنجة المتوسط|المتوسط طنجة/);
  });

  it('should bring a database from before editions had sites up to date once, keeping what an admin changed', async () => {
    // A database as this change found it: 24 sites without names, editions 2023 and 2024 without sites.
    await app.query('DELETE FROM edition_sites WHERE year IN (2023, 2025)');
    await app.query('DELETE FROM editions WHERE year IN (2025, 2026)');
    await app.query(`DELETE FROM movements WHERE site_id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`DELETE FROM traffic_buckets WHERE site_id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`DELETE FROM traffic_days WHERE site_id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`DELETE FROM traffic_hours WHERE site_id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`DELETE FROM live_sequences WHERE site_id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`DELETE FROM user_sites WHERE site_id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`DELETE FROM users WHERE username = ANY($1)`, [NEW_AIRPORTS.map((id) => `assistant-${id}`)]);
    await app.query(`DELETE FROM sites WHERE id = ANY($1)`, [NEW_AIRPORTS]);
    await app.query(`UPDATE sites SET names = NULL WHERE id <> 'tanger-ville'`);
    // An admin's change to 2024 that the next start must keep: motril left out.
    await app.query(`DELETE FROM edition_sites WHERE year = 2024 AND site_id = 'motril'`);

    for (let start = 0; start < 2; start++) {
      const url = app.databaseUrl;
      await app.close();
      app = await TestApp.start(url);
    }
    admin = await app.login('admin');
    const editions = (await app.request('GET', '/api/editions', { token: admin })).body;
    expect(editions.map((e: { year: number; siteIds: string[] }) => [e.year, e.siteIds.length])).toEqual([[2023, 24], [2024, 23], [2025, 26]]);
    const sites = (await app.request('GET', '/api/sites', { token: admin })).body;
    expect(sites).toHaveLength(26);
    expect(sites.find((s: { id: string }) => s.id === 'bab-sebta').names.ar).toBe('باب سبتة');
    expect(sites.find((s: { id: string }) => s.id === 'tanger-ville').names.en).toBe('Tangier City port');
    const counts = await app.query<{ sites: string; members: string }>('SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM edition_sites) AS members');
    expect(counts).toEqual([{ sites: '26', members: String(24 + 23 + 26) }]);
  });
});
