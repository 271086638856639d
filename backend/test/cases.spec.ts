import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MAX_CASES_PER_BATCH, type CaseView } from '@marhaba/shared';
import { watchDomainTables } from './support/api-surface.js';
import { newCase, nextEvent, TestApp } from './support/test-app.js';

describe('assistance cases (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;
  let assistant: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.login('coordinator');
    assistant = await app.login('assistant-nador');
  });
  afterAll(() => app.close());

  it('should create a case once: 201, then 200 for the same content, 409 for other content', async () => {
    const input = newCase({ siteId: 'nador', category: 'medical', subcategory: 'first_aid', priority: 'high', beneficiary: { sex: 'female', ageBand: '60-74', vulnerabilities: ['elderly'] }, summary: 'Malaise dans la file' });
    const created = await app.request('POST', '/api/cases', { token: assistant, body: input });
    expect(created).toMatchObject({ status: 201, body: { id: input.id, status: 'open', version: 1, duplicate: false } });
    const again = await Promise.all(Array.from({ length: 10 }, () => app.request('POST', '/api/cases', { token: assistant, body: input })));
    expect(again.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(again[0].body.duplicate).toBe(true);
    const other = await app.request('POST', '/api/cases', { token: assistant, body: { ...input, priority: 'low' } });
    expect(other.status).toBe(409);
    const rows = await app.query('SELECT priority FROM cases WHERE id = $1', [input.id]);
    expect(rows).toEqual([{ priority: 'high' }]);
  });

  it('should refuse a subcategory of another category, unknown fields and a foreign site', async () => {
    expect((await app.request('POST', '/api/cases', { token: assistant, body: newCase({ siteId: 'nador', category: 'customs', subcategory: 'first_aid' }) })).body.details[0].path).toBe('subcategory');
    expect((await app.request('POST', '/api/cases', { token: assistant, body: { ...newCase({ siteId: 'nador' }), passportNumber: 'AB123' } })).status).toBe(400);
    expect((await app.request('POST', '/api/cases', { token: assistant, body: newCase({ siteId: 'tanger-med' }) })).status).toBe(403);
    expect((await app.request('POST', '/api/cases', { token: coordinator, body: newCase({ siteId: 'nowhere' }) })).body.details[0].path).toBe('siteId');
  });

  it('should walk open → in_progress → escalated → resolved with versions and a history', async () => {
    const input = newCase({ siteId: 'nador', category: 'administrative', subcategory: 'civil_status' });
    await app.request('POST', '/api/cases', { token: assistant, body: input });
    const taken = await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: { version: 1, status: 'in_progress', assignee: 'assistant-nador' } });
    expect(taken.body).toMatchObject({ status: 'in_progress', version: 2, assignee: 'assistant-nador' });
    const stale = await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: { version: 1, status: 'resolved' } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const escalated = await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: { version: 2, status: 'escalated', note: 'Needs the consulate' } });
    expect(escalated.body).toMatchObject({ status: 'escalated', version: 3 });
    expect(escalated.body.escalatedAt).not.toBeNull();
    // Escalated cases belong to the Central Coordination Office.
    expect((await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: { version: 3, status: 'resolved' } })).status).toBe(403);
    const back = await app.request('PATCH', `/api/cases/${input.id}`, { token: coordinator, body: { version: 3, status: 'open' } });
    expect(back.status).toBe(400);
    expect(back.body.code).toBe('invalid_transition');
    const resolved = await app.request('PATCH', `/api/cases/${input.id}`, { token: coordinator, body: { version: 3, status: 'resolved', assignee: 'coordinator' } });
    expect(resolved.body).toMatchObject({ status: 'resolved', version: 4, assignee: 'coordinator' });
    const detail = await app.request('GET', `/api/cases/${input.id}`, { token: coordinator });
    expect(detail.body.history.map((h: { actor: string; statusTo: string | null; note: string | null }) => [h.actor, h.statusTo, h.note])).toEqual([
      ['assistant-nador', 'open', null],
      ['assistant-nador', 'in_progress', null],
      ['assistant-nador', 'escalated', 'Needs the consulate'],
      ['coordinator', 'resolved', null],
    ]);
  });

  it('should apply a retried change (same changeId) once', async () => {
    const input = newCase({ siteId: 'nador' });
    await app.request('POST', '/api/cases', { token: assistant, body: input });
    const change = { changeId: randomUUID(), version: 1, status: 'resolved' };
    const first = await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: change });
    const retry = await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: change });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.version).toBe(2);
    const [{ n }] = await app.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [input.id]);
    expect(n).toBe(2);
  });

  it('should list newest first with filters and a cursor, scoped to the assistant’s site', async () => {
    const base = Date.parse('2024-07-20T08:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = newCase({ siteId: 'bab-sebta', category: 'transport', openedAt: new Date(base + i * 60_000).toISOString() });
      ids.push(c.id);
      await app.request('POST', '/api/cases', { token: coordinator, body: c });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/cases?siteId=bab-sebta&category=transport&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await app.request('GET', query, { token: coordinator });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const day = await app.request('GET', '/api/cases?siteId=bab-sebta&from=2024-07-20&to=2024-07-20', { token: coordinator });
    expect(day.body.items).toHaveLength(7);
    const otherDay = await app.request('GET', '/api/cases?siteId=bab-sebta&from=2024-07-21', { token: coordinator });
    expect(otherDay.body.items).toHaveLength(0);
    expect((await app.request('GET', '/api/cases?siteId=bab-sebta', { token: assistant })).status).toBe(403);
    const own = await app.request('GET', '/api/cases', { token: assistant });
    expect(own.body.items.every((c: { siteId: string }) => c.siteId === 'nador')).toBe(true);
    expect((await app.request('GET', `/api/cases/${ids[0]}`, { token: assistant })).status).toBe(403);
    expect((await app.request('GET', '/api/cases?cursor=garbage', { token: coordinator })).status).toBe(400);
    expect((await app.request('GET', '/api/cases?status=lost', { token: coordinator })).status).toBe(400);
  });

  it('should list the open cases in one page, and narrow a named status to the open ones', async () => {
    const openedAt = '2024-07-23T09:00:00Z';
    const [open, started, escalated, resolved] = [newCase({ siteId: 'tanger-med', openedAt }), newCase({ siteId: 'tanger-med', openedAt }), newCase({ siteId: 'tanger-med', openedAt }), newCase({ siteId: 'tanger-med', openedAt })];
    for (const c of [open, started, escalated, resolved]) await app.request('POST', '/api/cases', { token: coordinator, body: c });
    for (const [c, status] of [[started, 'in_progress'], [escalated, 'escalated'], [resolved, 'resolved']] as const) {
      expect((await app.request('PATCH', `/api/cases/${c.id}`, { token: coordinator, body: { version: 1, status } })).status).toBe(200);
    }
    const day = '/api/cases?siteId=tanger-med&from=2024-07-23&to=2024-07-23';
    const ids = (page: { body: { items: { id: string }[] } }) => page.body.items.map((c) => c.id).sort();
    expect(ids(await app.request('GET', `${day}&open=true`, { token: coordinator }))).toEqual([open.id, started.id, escalated.id].sort());
    expect(ids(await app.request('GET', `${day}&open=true&status=escalated`, { token: coordinator }))).toEqual([escalated.id]);
    expect(ids(await app.request('GET', `${day}&open=true&status=resolved`, { token: coordinator }))).toEqual([]);
    expect(ids(await app.request('GET', `${day}&status=resolved`, { token: coordinator }))).toEqual([resolved.id]);
    expect((await app.request('GET', `${day}&open=false`, { token: coordinator })).status).toBe(400);
  });

  it('should let a supervisor read but not write cases', async () => {
    const supervisor = await app.login('supervisor');
    expect((await app.request('GET', '/api/cases', { token: supervisor })).status).toBe(200);
    expect((await app.request('POST', '/api/cases', { token: supervisor, body: newCase() })).status).toBe(403);
  });

  describe('in batches', () => {
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

  describe('changes in batches', () => {
    const changes = (token: string, items: { caseId: string; patch: Record<string, unknown> }[]) => app.request('POST', '/api/cases/changes', { token, body: { changes: items } });
    const open = async (overrides: Record<string, unknown> = {}) => {
      const c = newCase({ siteId: 'nador', ...overrides });
      expect((await app.request('POST', '/api/cases', { token: coordinator, body: c })).status).toBe(201);
      return c.id as string;
    };
    const patch = (version: number, fields: Record<string, unknown>) => ({ changeId: randomUUID(), version, ...fields });

    it('should refuse a change without a changeId or with a bad field, naming its index, and apply none', async () => {
      const id = await open();
      const changedRows = await watchDomainTables(app);
      const paths = [];
      for (const bad of [{ version: 1, status: 'in_progress' }, patch(0, { status: 'in_progress' }), patch(1, { status: 'lost' })]) {
        const res = await changes(assistant, [{ caseId: id, patch: patch(1, { note: 'vu' }) }, { caseId: id, patch: bad }]);
        expect(res.status).toBe(400);
        paths.push(res.body.details[0].path);
      }
      expect(paths).toEqual(['changes.1.patch.changeId', 'changes.1.patch.version', 'changes.1.patch.status']);
      // Escalated only leads to resolved: the second change is checked against the state the first leaves.
      const backwards = await changes(coordinator, [{ caseId: id, patch: patch(1, { status: 'escalated' }) }, { caseId: id, patch: patch(2, { status: 'in_progress' }) }]);
      expect(backwards).toMatchObject({ status: 400, body: { code: 'invalid_transition', details: [{ path: 'changes.1.patch.status' }] } });
      expect((await changes(assistant, [{ caseId: randomUUID(), patch: patch(1, { note: 'x' }) }])).status).toBe(404);
      expect((await changes(assistant, [{ caseId: id, patch: patch(2, { note: 'stale' }) }])).body.code).toBe('stale_version');
      expect(await changedRows()).toEqual({});
    });

    it('should apply changes in order, one case moved twice, and a resent batch not again', async () => {
      const [first, second] = [await open({ category: 'medical', subcategory: 'first_aid' }), await open()];
      const escalatedBefore = async () => (await app.query<{ n: number }>("SELECT coalesce(sum(escalated), 0)::int AS n FROM case_days WHERE site_id = 'nador'"))[0]!.n;
      const before = await escalatedBefore();
      const items = [
        { caseId: first, patch: patch(1, { status: 'in_progress', assignee: 'Samira' }) },
        { caseId: second, patch: patch(1, { status: 'escalated' }) },
        { caseId: first, patch: patch(2, { status: 'escalated', note: 'vers le bureau central' }) },
      ];
      const res = await changes(assistant, items);
      expect(res).toMatchObject({ status: 200, body: { applied: 3, duplicates: 0, cases: [{ id: first, version: 2, status: 'in_progress' }, { id: second, version: 2, status: 'escalated' }, { id: first, version: 3, status: 'escalated', assignee: 'Samira' }] } });
      expect(res.body.cases[2].escalatedAt).not.toBeNull();
      const again = await changes(assistant, items);
      expect(again.body).toMatchObject({ applied: 0, duplicates: 3 });
      expect(await escalatedBefore()).toBe(before + 2);
      const history = (await app.request('GET', `/api/cases/${first}`, { token: assistant })).body.history.map((h: { action: string; statusTo: string | null; note: string | null }) => [h.action, h.statusTo, h.note]);
      expect(history).toEqual([['created', 'open', null], ['updated', 'in_progress', null], ['updated', 'escalated', 'vers le bureau central']]);
      expect(await app.query("SELECT count(*)::int AS n FROM audit_log WHERE kind = 'case_updated' AND case_id = $1", [first])).toEqual([{ n: 2 }]);
    });

    it('should keep an assistant to its own site, even for one change of a batch', async () => {
      const own = await open();
      const foreign = newCase({ siteId: 'tanger-med' });
      await app.request('POST', '/api/cases', { token: coordinator, body: foreign });
      const changedRows = await watchDomainTables(app);
      expect((await changes(assistant, [{ caseId: own, patch: patch(1, { note: 'x' }) }, { caseId: foreign.id, patch: patch(1, { note: 'x' }) }])).status).toBe(403);
      expect(await changedRows()).toEqual({});
    });

    it('should publish and clear alerts for each change of a batch as for the same change sent alone', async () => {
      const { socket } = await app.connect(coordinator);
      const medical = { siteId: 'bab-sebta', category: 'medical', subcategory: 'emergency', priority: 'critical' };
      const [alone, together] = [await open(medical), await open(medical)];
      const seen = (id: string) => Promise.all([nextEvent(socket, 'case', (e) => e.case.id === id && e.case.status === 'resolved'), nextEvent(socket, 'alert', (e) => e.alert.subject === id && e.alert.clearedAt !== null)]);
      const aloneSeen = seen(alone);
      expect((await app.request('PATCH', `/api/cases/${alone}`, { token: coordinator, body: { version: 1, status: 'resolved' } })).status).toBe(200);
      const togetherSeen = seen(together);
      expect((await changes(coordinator, [{ caseId: together, patch: patch(1, { status: 'resolved' }) }])).status).toBe(200);
      const [[aloneCase, aloneAlert], [togetherCase, togetherAlert]] = await Promise.all([aloneSeen, togetherSeen]);
      const shape = ({ id: _i, createdAt: _c, updatedAt: _u, openedAt: _o, resolvedAt, ...rest }: CaseView) => ({ ...rest, resolved: resolvedAt !== null });
      expect(shape(togetherCase.case)).toEqual(shape(aloneCase.case));
      expect([togetherAlert.alert.rule, togetherAlert.alert.level]).toEqual([aloneAlert.alert.rule, aloneAlert.alert.level]);
    });
  });
});
