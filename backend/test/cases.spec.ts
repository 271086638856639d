import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { newCase, TestApp } from './support/test-app.js';

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
});
