import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Client } from 'pg';
import { CasesRepository } from '../src/modules/cases/cases.repository.js';
import { RETENTION_BATCH, RetentionService } from '../src/modules/retention/retention.service.js';
import { newCase, TestApp } from './support/test-app.js';

/** What the statistics and the case lists keep after anonymisation. */
const KEPT = `id, site_id, category, subcategory, priority, status, opened_at, escalated_at, resolved_at, created_by, version`;

describe('retention sweep (real PostgreSQL)', () => {
  let app: TestApp;
  let sut: RetentionService;
  let coordinator: string;
  const season2023 = newCase({ siteId: 'nador', category: 'medical', subcategory: 'first_aid', priority: 'high', summary: 'Karim E., malaise au guichet', beneficiary: { sex: 'male', ageBand: '30-44', vulnerabilities: ['chronic_illness'] }, openedAt: '2023-07-10T10:00:00+01:00' });
  const offSeason = newCase({ siteId: 'tanger-med', category: 'administrative', summary: 'Hors saison: passeport perdu', openedAt: '2023-11-02T10:00:00+01:00' });
  const season2024 = newCase({ siteId: 'nador', category: 'customs', summary: 'Salma R., déclaration de véhicule', beneficiary: { sex: 'female' }, openedAt: '2024-07-20T10:00:00+01:00' });

  const stats = async (year: number) => (await app.request('GET', `/api/stats/season/${year}`, { token: coordinator })).body;
  const detail = async (id: string) => (await app.request('GET', `/api/cases/${id}`, { token: coordinator })).body;
  const kept = () => app.query(`SELECT ${KEPT} FROM cases ORDER BY id`);

  beforeAll(async () => {
    app = await TestApp.start(undefined, { RETENTION_DAYS_AFTER_SEASON: '90', AUDIT_RETENTION_DAYS: '400' });
    sut = app.get(RetentionService);
    coordinator = await app.login('coordinator');
    for (const c of [season2023, offSeason, season2024]) {
      expect((await app.request('POST', '/api/cases', { token: coordinator, body: c })).status).toBe(201);
      const change = { version: 1, status: 'in_progress', assignee: 'coordinator', note: 'Appelé son frère Mehdi au 06 12 34 56 78' };
      expect((await app.request('PATCH', `/api/cases/${c.id}`, { token: coordinator, body: change })).status).toBe(200);
    }
    expect((await app.request('PATCH', `/api/cases/${season2023.id}`, { token: coordinator, body: { version: 2, status: 'escalated' } })).status).toBe(200);
    // Enough old cases for several batches, written directly (the statistics read the rollups, not these rows).
    await app.query(
      `INSERT INTO cases (id, site_id, category, priority, summary, beneficiary, opened_at, created_by)
       SELECT gen_random_uuid(), 'tanger-ville', 'information', 'normal', 'texte libre ' || g, '{"sex": "female"}',
              '2023-08-01T10:00:00Z'::timestamptz + g * interval '1 minute', (SELECT id FROM users WHERE username = 'coordinator')
         FROM generate_series(1, 1200) g`,
    );
    await app.query(
      `INSERT INTO audit_log (at, kind, details) VALUES ('2023-08-01T00:00:00Z', 'export', '{}'), ('2023-08-02T00:00:00Z', 'sign_in', '{}'), ('2023-09-15T00:00:00Z', 'export', '{}')`,
    );
  });
  afterAll(() => app.close());

  it('should anonymise the cases of a season over for 90 days (and off-season ones), keep the current season, and leave the statistics as they were', async () => {
    const before = { stats2023: await stats(2023), stats2024: await stats(2024), kept: await kept() };
    expect([before.stats2023.assistance.total, before.stats2023.centralOffice.processed, before.stats2024.assistance.total]).toEqual([1, 1, 1]);
    const [{ n: auditRows }] = await app.query('SELECT count(*)::int AS n FROM audit_log');
    const batches = jest.spyOn(app.get(CasesRepository), 'anonymiseBatch');

    // 1 October 2024: the 2023 season ended more than 90 days ago, the 2024 one 16 days ago.
    expect(await sut.sweep(new Date('2024-10-01T12:00:00Z'))).toEqual({ casesAnonymised: 1202, auditRowsRemoved: 2, sessionsRemoved: 0 });
    const sizes = await Promise.all(batches.mock.results.map((r) => r.value as Promise<number>));
    expect(sizes).toEqual([RETENTION_BATCH, RETENTION_BATCH, 202]);

    for (const c of [season2023, offSeason]) {
      const d = await detail(c.id);
      expect(d).toMatchObject({ summary: null, beneficiary: null, assignee: null, category: c.category, siteId: c.siteId });
      expect(d.history.map((h: { note: string | null; assignee: string | null }) => [h.note, h.assignee])).toEqual(d.history.map(() => [null, null]));
      expect(d.history.map((h: { statusTo: string | null }) => h.statusTo)).toEqual(c === season2023 ? ['open', 'in_progress', 'escalated'] : ['open', 'in_progress']);
    }
    const current = await detail(season2024.id);
    expect(current).toMatchObject({ summary: 'Salma R., déclaration de véhicule', beneficiary: { sex: 'female' }, assignee: 'coordinator' });
    expect(current.history[1]).toMatchObject({ note: 'Appelé son frère Mehdi au 06 12 34 56 78', assignee: 'coordinator' });
    const [left] = await app.query(`SELECT count(*) FILTER (WHERE summary IS NOT NULL OR beneficiary IS NOT NULL)::int AS personal, count(anonymised_at)::int AS anonymised FROM cases`);
    expect(left).toEqual({ personal: 1, anonymised: 1202 });

    expect(await kept()).toEqual(before.kept);
    expect(await stats(2023)).toEqual(before.stats2023);
    expect(await stats(2024)).toEqual(before.stats2024);
    // Audit rows older than 400 days before "now" are gone, the others stay.
    expect(await app.query(`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM audit_log WHERE at < '2024-01-01' ORDER BY at`)).toEqual([{ day: '2023-09-15' }]);
    expect((await app.query('SELECT count(*)::int AS n FROM audit_log'))[0].n).toBe(auditRows - 2);
  });

  it('should change nothing when run again', async () => {
    const before = await app.query(`SELECT id, summary, beneficiary, assignee, anonymised_at FROM cases ORDER BY id`);
    expect(await sut.sweep(new Date('2024-10-01T12:00:00Z'))).toEqual({ casesAnonymised: 0, auditRowsRemoved: 0, sessionsRemoved: 0 });
    expect(await app.query(`SELECT id, summary, beneficiary, assignee, anonymised_at FROM cases ORDER BY id`)).toEqual(before);
  });

  it('should skip while another instance holds the lock', async () => {
    const other = new Client({ connectionString: app.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(7302026)');
      expect(await sut.sweep(new Date())).toBeNull();
      expect((await detail(season2024.id)).summary).not.toBeNull();
    } finally {
      await other.end();
    }
  });

  it('should anonymise the 2024 season once its retention is over, with the same statistics', async () => {
    const before = { stats2024: await stats(2024), kept: await kept() };
    // 15 December 2024 is 91 days after the 2024 season's last day.
    expect(await sut.sweep(new Date('2024-12-15T12:00:00Z'))).toEqual({ casesAnonymised: 1, auditRowsRemoved: 1, sessionsRemoved: 0 });
    expect(await detail(season2024.id)).toMatchObject({ summary: null, beneficiary: null, assignee: null, status: 'in_progress' });
    expect(await kept()).toEqual(before.kept);
    expect(await stats(2024)).toEqual(before.stats2024);
    expect(await app.query(`SELECT id FROM audit_log WHERE at < '2024-01-01'`)).toEqual([]);
  });

  it('should remove sign-in sessions that ended more than a day ago, and keep live and recent ones', async () => {
    const session = (username: string) => app.signIn(username).then((r) => JSON.parse(Buffer.from(r.accessToken.split('.')[1], 'base64url').toString()).sid as string);
    const [revokedLongAgo, expiredLongAgo, revokedRecently, live] = await Promise.all(['admin', 'supervisor', 'assistant-nador', 'coordinator'].map(session));
    await app.query(`UPDATE sessions SET revoked_at = now() - interval '2 days' WHERE id = $1`, [revokedLongAgo]);
    await app.query(`UPDATE sessions SET expires_at = now() - interval '3 days' WHERE id = $1`, [expiredLongAgo]);
    await app.query(`UPDATE sessions SET revoked_at = now() - interval '1 hour' WHERE id = $1`, [revokedRecently]);
    expect((await sut.sweep(new Date()))?.sessionsRemoved).toBe(2);
    const left = (await app.query<{ id: string }>('SELECT id FROM sessions')).map((r) => r.id);
    expect(left).toEqual(expect.arrayContaining([revokedRecently, live]));
    expect(left).not.toContain(revokedLongAgo);
    expect(left).not.toContain(expiredLongAgo);
  });
});
