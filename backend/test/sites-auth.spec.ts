import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { TestApp } from './support/test-app.js';

describe('sites, editions, login and the API description', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await TestApp.start();
    admin = await app.login('admin');
  });
  afterAll(() => app.close());

  it('should load the 26 sites of the 2023-2025 editions from the data file, with three holding areas', async () => {
    const sites = (await app.request('GET', '/api/sites', { token: await app.login('assistant-jebha') })).body;
    expect(sites).toHaveLength(26);
    expect(sites.filter((s: { holdingArea: unknown }) => s.holdingArea).map((s: { id: string }) => s.id).sort()).toEqual(['bab-mellilia', 'bab-sebta', 'nador']);
    expect(sites.find((s: { id: string }) => s.id === 'tanger-med')).toEqual({
      id: 'tanger-med', name: 'Tanger Med', names: { fr: 'Tanger Med', ar: 'طنجة المتوسط', en: 'Tanger Med' }, kind: 'port', channel: 'sea', country: 'MA', lat: 35.885, lon: -5.5, holdingArea: null, hourlyThresholdPeople: 3000, active: true,
    });
    const kinds = sites.reduce((acc: Record<string, number>, s: { kind: string }) => ({ ...acc, [s.kind]: (acc[s.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ port: 10, airport: 10, rest_area: 4, land_border: 2 });
    const editions = (await app.request('GET', '/api/editions', { token: admin })).body;
    expect(editions.map(({ siteIds, ...dates }: { siteIds: string[] }) => ({ ...dates, sites: siteIds.length }))).toEqual([
      { year: 2023, startsOn: '2023-06-05', endsOn: '2023-09-15', sites: 24 },
      { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15', sites: 24 },
      { year: 2025, startsOn: '2025-06-05', endsOn: '2025-09-15', sites: 26 },
    ]);
  });

  it('should let an admin edit and add sites, and keep the edits through the next start', async () => {
    const patched = await app.request('PATCH', '/api/sites/tanger-ville', { token: admin, body: { hourlyThresholdPeople: 1200, holdingArea: { capacityVehicles: 400 } } });
    expect(patched.body).toMatchObject({ id: 'tanger-ville', hourlyThresholdPeople: 1200, holdingArea: { capacityVehicles: 400 } });
    const added = await app.request('POST', '/api/sites', {
      token: admin,
      body: { id: 'guelmim', name: 'Guelmim', kind: 'airport', channel: 'air', country: 'MA', lat: 29.03, lon: -10.05, holdingArea: null, hourlyThresholdPeople: 500 },
    });
    // Created without translations: its name stands in every language until an admin gives them.
    expect([added.status, added.body.names]).toEqual([201, { fr: 'Guelmim', ar: 'Guelmim', en: 'Guelmim' }]);
    expect((await app.request('POST', '/api/sites', { token: admin, body: added.body })).status).toBe(409);
    expect((await app.request('PATCH', '/api/sites/tanger-ville', { token: admin, body: { kind: 'spaceport' } })).status).toBe(400);
    expect((await app.request('PATCH', '/api/sites/tanger-ville', { token: admin, body: { id: 'other' } })).status).toBe(400);
    expect((await app.request('PATCH', '/api/sites/atlantis', { token: admin, body: { name: 'A' } })).status).toBe(404);
    expect((await app.request('PATCH', '/api/sites/tanger-ville', { token: await app.login('coordinator'), body: { name: 'A' } })).status).toBe(403);

    const url = app.databaseUrl;
    await app.close();
    app = await TestApp.start(url);
    admin = await app.login('admin');
    const site = (await app.request('GET', '/api/sites/tanger-ville', { token: admin })).body;
    expect(site).toMatchObject({ hourlyThresholdPeople: 1200, holdingArea: { capacityVehicles: 400 } });
    expect((await app.request('GET', '/api/sites', { token: admin })).body).toHaveLength(27);
  });

  it('should change only what a PATCH names: a renamed inactive site stays inactive, and an empty PATCH is refused', async () => {
    expect((await app.request('PATCH', '/api/sites/motril', { token: admin, body: { active: false } })).body).toMatchObject({ active: false });
    expect((await app.request('PATCH', '/api/sites/motril', { token: admin, body: { name: 'Motril (closed)' } })).body).toMatchObject({ name: 'Motril (closed)', active: false });
    expect((await app.request('PATCH', '/api/sites/motril', { token: admin, body: {} })).body).toMatchObject({ statusCode: 400, message: 'nothing to change' });
    expect((await app.request('GET', '/api/sites/motril', { token: admin })).body).toMatchObject({ active: false });
  });

  it('should answer 401 to bad credentials, whether the user exists or not', async () => {
    const wrong = await app.request('POST', '/api/auth/login', { body: { username: 'coordinator', password: 'nope' } });
    const unknown = await app.request('POST', '/api/auth/login', { body: { username: 'nobody', password: 'nope' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'coordinator' } })).status).toBe(400);
  });

  it('should return the user with its role and sites on login, and store argon2 hashes only', async () => {
    const res = await app.request('POST', '/api/auth/login', { body: { username: 'assistant-nador', password: 'marhaba' } });
    expect(res.body.user).toMatchObject({ username: 'assistant-nador', role: 'assistant', siteIds: ['nador'] });
    const hashes = await app.query<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(hashes.every((h) => h.password_hash.startsWith('$argon2id$'))).toBe(true);
  });

  it('should show process metrics to admins only', async () => {
    const metrics = await app.request('GET', '/api/health/metrics?reset=true', { token: admin });
    expect(metrics.body).toMatchObject({ eventLoopDelayMs: { p99: expect.any(Number) }, memory: { rssBytes: expect.any(Number) } });
    expect((await app.request('GET', '/api/health/metrics', { token: await app.login('coordinator') })).status).toBe(403);
    expect((await app.request('GET', '/api/health/metrics?verbose=1', { token: admin })).status).toBe(400);
  });

  it('should guard every route except login, health and the docs', async () => {
    expect((await app.request('GET', '/api/health')).body).toEqual({ status: 'ok', database: 'up', redis: 'not configured' });
    for (const path of ['/api/sites', '/api/editions', '/api/live/snapshot', '/api/cases', '/api/alerts']) {
      expect([path, (await app.request('GET', path)).status]).toEqual([path, 401]);
    }
    const docs = await app.request('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/movements', '/api/cases', '/api/cases/{id}', '/api/live/snapshot', '/api/holding-areas/{siteId}/reports']));
    expect(docs.body.paths['/api/movements'].post.requestBody.content['application/json'].schema.properties.movements.maxItems).toBe(1000);
  });
});

describe('demo users', () => {
  it('should not exist outside demo mode', async () => {
    const app = await TestApp.start(undefined, { DEMO: '0' });
    try {
      expect((await app.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'marhaba' } })).status).toBe(401);
      expect(await app.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }]);
    } finally {
      await app.close();
    }
  });
});
