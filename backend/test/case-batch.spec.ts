import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { MAX_CASES_PER_BATCH, type CaseView } from '@marhaba/shared';
import { watchDomainTables } from './support/api-surface.js';
import { newCase, nextEvent, TestApp } from './support/test-app.js';

describe('batches of new cases (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;
  let assistant: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.login('coordinator');
    assistant = await app.login('assistant-nador');
  });
  afterAll(() => app.close());

  const batch = (token: string, cases: unknown[]) => app.request('POST', '/api/cases/batch', { token, body: { cases } });

  it('should refuse an invalid item naming its index and field, and store nothing of the batch', async () => {
    const changedRows = await watchDomainTables(app);
    const good = newCase({ siteId: 'nador' });
    const cases = [
      [good, newCase({ siteId: 'nador', category: 'customs', subcategory: 'first_aid' })],
      [good, { ...newCase({ siteId: 'nador' }), passportNumber: 'AB123' }],
      [good, good],
      [good, newCase({ siteId: 'nador', openedAt: 'yesterday' })],
      Array.from({ length: MAX_CASES_PER_BATCH + 1 }, () => newCase({ siteId: 'nador' })),
    ];
    const paths = [];
    for (const body of cases) {
      const res = await batch(assistant, body);
      expect(res.status).toBe(400);
      paths.push(res.body.details[0].path);
    }
    expect(paths).toEqual(['cases.1.subcategory', 'cases.1', 'cases.1.id', 'cases.1.openedAt', 'cases']);
    const unknownSite = await batch(coordinator, [good, newCase({ siteId: 'nowhere' })]);
    expect(unknownSite).toMatchObject({ status: 400, body: { details: [{ path: 'cases.1.siteId' }] } });
    expect((await batch(coordinator, [])).status).toBe(400);
    expect(await changedRows()).toEqual({});
  });

  it('should store a batch once: a resent batch is all duplicates, other content under a known id a 409 that stores nothing', async () => {
    const cases = [newCase({ siteId: 'nador', summary: 'Famille en attente' }), newCase({ siteId: 'nador', category: 'medical', subcategory: 'first_aid' })];
    const first = await batch(assistant, cases);
    expect(first).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0, cases: [{ id: cases[0]!.id, status: 'open', version: 1, duplicate: false }, { id: cases[1]!.id, duplicate: false }] } });
    const again = await Promise.all(Array.from({ length: 5 }, () => batch(assistant, cases)));
    expect(again.map((r) => [r.status, r.body.accepted, r.body.duplicates])).toEqual(Array(5).fill([200, 0, 2]));
    // Partly known: the new case is stored, the known one answered as stored.
    const fresh = newCase({ siteId: 'nador' });
    expect((await batch(assistant, [cases[0], fresh])).body).toMatchObject({ accepted: 1, duplicates: 1, cases: [{ id: cases[0]!.id, duplicate: true }, { id: fresh.id, duplicate: false }] });
    const changedRows = await watchDomainTables(app);
    const conflict = await batch(assistant, [newCase({ siteId: 'nador' }), { ...cases[1], priority: 'critical' }]);
    expect(conflict).toMatchObject({ status: 409, body: { code: 'already_recorded' } });
    expect(await changedRows()).toEqual({});
    expect(await app.query('SELECT count(*)::int AS n FROM cases WHERE id = ANY($1)', [[...cases.map((c) => c.id), fresh.id]])).toEqual([{ n: 3 }]);
  });

  it('should keep an assistant to its own site, even for one item of a batch', async () => {
    const changedRows = await watchDomainTables(app);
    expect((await batch(assistant, [newCase({ siteId: 'nador' }), newCase({ siteId: 'tanger-med' })])).status).toBe(403);
    expect(await changedRows()).toEqual({});
  });

  it('should write, publish and alert for each case of a batch exactly as for the same case sent alone', async () => {
    const { socket } = await app.connect(coordinator);
    const medical = { siteId: 'bab-sebta', category: 'medical', subcategory: 'emergency', priority: 'critical', beneficiary: { sex: 'male' }, summary: 'Malaise' };
    const plain = { siteId: 'motril', category: 'information', priority: 'low' };
    const alone = [newCase(medical), newCase(plain)];
    const together = [newCase(medical), newCase(plain)];
    const rollup = () => app.query<{ n: number }>("SELECT coalesce(sum(opened), 0)::int AS n FROM case_days WHERE site_id IN ('bab-sebta', 'motril')");
    const before = (await rollup())[0]!.n;
    const events = (ids: string[]) => Promise.all(ids.map((id) => nextEvent(socket, 'case', (e) => e.case.id === id)));
    const alerts = (id: string) => nextEvent(socket, 'alert', (e) => e.alert.rule === 'critical_medical' && e.alert.subject === id);

    const aloneSeen = Promise.all([events(alone.map((c) => c.id)), alerts(alone[0]!.id)]);
    for (const c of alone) expect((await app.request('POST', '/api/cases', { token: coordinator, body: c })).status).toBe(201);
    const togetherSeen = Promise.all([events(together.map((c) => c.id)), alerts(together[0]!.id)]);
    expect((await batch(coordinator, together)).status).toBe(200);
    const [[aloneEvents, aloneAlert], [togetherEvents, togetherAlert]] = await Promise.all([aloneSeen, togetherSeen]);

    const shape = ({ id: _i, createdAt: _c, updatedAt: _u, openedAt: _o, ...rest }: CaseView) => rest;
    expect(togetherEvents.map((e) => shape(e.case))).toEqual(aloneEvents.map((e) => shape(e.case)));
    expect({ ...togetherAlert.alert, id: null, subject: null, details: null, raisedAt: null, updatedAt: null }).toEqual({ ...aloneAlert.alert, id: null, subject: null, details: null, raisedAt: null, updatedAt: null });
    expect((await rollup())[0]!.n - before).toBe(4);
    const written = (ids: string[]) =>
      app.query(
        `SELECT (SELECT array_agg(action || '>' || status_to) FROM case_events e WHERE e.case_id = c.id) AS history,
                (SELECT array_agg(kind || ' ' || (details - 'openedAt')::text) FROM audit_log a WHERE a.case_id = c.id) AS audit
           FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, n) ORDER BY n`,
        [ids],
      );
    expect(await written(together.map((c) => c.id))).toEqual(await written(alone.map((c) => c.id)));
    expect((await written(together.map((c) => c.id)))[0]).toMatchObject({ history: ['created>open'], audit: [expect.stringContaining('"given": ["beneficiary", "summary"]')] });
  });
});
