import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { AuditEntry } from '@marhaba/shared';
import { AuditRepository } from '../src/modules/audit/audit.repository.js';
import { AuditService } from '../src/modules/audit/audit.service.js';
import { download } from './support/exports.js';
import { newCase, TestApp } from './support/test-app.js';

const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;

/** The audit rows of a kind, oldest first, as the table holds them. */
async function auditRows(app: TestApp, kind: string, where = 'true', params: unknown[] = []): Promise<any[]> {
  return app.query(
    `SELECT actor_id AS "actorId", username, role, address, site_id AS "siteId", case_id AS "caseId", count, details
       FROM audit_log WHERE kind = $1 AND ${where} ORDER BY id`,
    [kind, ...params],
  );
}

describe('audit log (real PostgreSQL)', () => {
  let app: TestApp;
  let audit: AuditService;
  let admin: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    // Buffered rows are written when a test flushes them.
    // Every socket message checked in PostgreSQL: a session ended behind the application's back is refused at once.
    app = await TestApp.start(undefined, { AUDIT_FLUSH_MS: '60000', SESSION_CACHE_MS: '0' });
    audit = app.get(AuditService);
    admin = await app.login('admin');
    const users = await app.query<{ id: string; username: string }>('SELECT id, username FROM users');
    ids = Object.fromEntries(users.map((u) => [u.username, u.id]));
  });
  afterAll(() => app.close());

  it('should record sign-ins at once, and failed ones with the attempted username and the user id when known', async () => {
    await app.login('assistant-nador');
    expect(await auditRows(app, 'sign_in', 'username = $2', ['assistant-nador'])).toEqual([
      { actorId: ids['assistant-nador'], username: 'assistant-nador', role: 'assistant', address: expect.stringMatching(LOOPBACK), siteId: null, caseId: null, count: 1, details: {} },
    ]);
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'coordinator', password: 'not-it' } })).status).toBe(401);
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'guess' } })).status).toBe(401);
    await audit.flush();
    const failed = await auditRows(app, 'sign_in_failed');
    expect(failed.map((r) => [r.username, r.actorId])).toEqual([
      ['coordinator', ids.coordinator],
      ['nobody-here', null],
    ]);
    expect(failed[0].address).toMatch(LOOPBACK);
    // A failed sign-in is its own kind, not also a refused access.
    expect(await auditRows(app, 'access_refused', `details->>'target' = 'POST /api/auth/login'`)).toEqual([]);
  });

  it('should record every 401 and 403 over HTTP, with the actor, the address and the site asked for', async () => {
    const supervisor = await app.login('supervisor');
    const assistant = await app.login('assistant-nador');
    expect((await app.request('GET', '/api/cases?status=open')).status).toBe(401);
    expect((await app.request('POST', '/api/cases', { token: supervisor, body: newCase({ siteId: 'nador' }) })).status).toBe(403);
    expect((await app.request('GET', '/api/cases?siteId=tanger-med', { token: assistant })).status).toBe(403);
    expect((await app.request('GET', '/api/audit', { token: supervisor })).status).toBe(403);
    await audit.flush();
    const refused = await auditRows(app, 'access_refused', `details->>'channel' = 'http'`);
    expect(refused).toEqual([
      {
        actorId: null,
        username: null,
        role: null,
        address: expect.stringMatching(LOOPBACK),
        siteId: null,
        caseId: null,
        count: 1,
        details: { channel: 'http', target: 'GET /api/cases', status: 401, message: 'missing bearer token' },
      },
      expect.objectContaining({ actorId: ids.supervisor, username: 'supervisor', role: 'supervisor', details: expect.objectContaining({ target: 'POST /api/cases', status: 403 }) }),
      expect.objectContaining({ username: 'assistant-nador', siteId: 'tanger-med', details: expect.objectContaining({ target: 'GET /api/cases', status: 403 }) }),
      expect.objectContaining({ username: 'supervisor', details: expect.objectContaining({ target: 'GET /api/audit', status: 403 }) }),
    ]);
  });

  it('should record refused socket handshakes and acknowledgements with 401 or 403', async () => {
    const forged = io(`${app.baseUrl}/live`, { auth: { token: 'forged' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const refusal = await new Promise<Error>((resolve) => forged.once('connect_error', resolve));
    forged.disconnect();
    expect(refusal.message).toBe('unauthorized');
    const { socket: supervisorSocket } = await app.connect(await app.login('supervisor'));
    expect(await supervisorSocket.emitWithAck('case:create', newCase({ siteId: 'nador' }) as never)).toMatchObject({ ok: false, error: { statusCode: 403 } });
    const { socket: assistantSocket } = await app.connect(await app.login('assistant-nador'));
    expect(await assistantSocket.emitWithAck('case:create', newCase({ siteId: 'tanger-med' }) as never)).toMatchObject({ ok: false, error: { statusCode: 403 } });
    // A 400 is not a refusal of access.
    expect(await assistantSocket.emitWithAck('case:create', { nonsense: true } as never)).toMatchObject({ ok: false, error: { statusCode: 400 } });
    // A session ended while its socket is open: its next message is refused.
    await app.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1', [ids.supervisor]);
    expect(await supervisorSocket.timeout(5_000).emitWithAck('snapshot:request')).toMatchObject({ ok: false, error: { statusCode: 401 } });
    await audit.flush();
    expect(await auditRows(app, 'access_refused', `details->>'channel' = 'socket'`)).toEqual([
      expect.objectContaining({ actorId: null, address: expect.stringMatching(LOOPBACK), details: { channel: 'socket', target: 'handshake', status: 401, message: 'unauthorized' } }),
      expect.objectContaining({ username: 'supervisor', siteId: null, details: expect.objectContaining({ target: 'case:create', status: 403 }) }),
      expect.objectContaining({ username: 'assistant-nador', siteId: 'tanger-med', details: expect.objectContaining({ target: 'case:create', status: 403 }) }),
      expect.objectContaining({ username: 'supervisor', details: expect.objectContaining({ target: 'snapshot:request', status: 401 }) }),
    ]);
  });

  it('should record the client address of a socket through a trusted proxy (TRUST_PROXY), as HTTP does', async () => {
    // The test client is on loopback, which the default TRUST_PROXY trusts: it stands for nginx here.
    const viaProxy = (token: string) => io(`${app.baseUrl}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': '203.0.113.7' } });
    const forged = viaProxy('forged-behind-proxy');
    expect((await new Promise<Error>((resolve) => forged.once('connect_error', resolve))).message).toBe('unauthorized');
    forged.disconnect();
    const supervisor = viaProxy(await app.login('supervisor'));
    await new Promise((resolve) => supervisor.once('snapshot', resolve));
    expect(await supervisor.emitWithAck('case:create', newCase({ siteId: 'nador' }) as never)).toMatchObject({ ok: false, error: { statusCode: 403 } });
    supervisor.disconnect();
    await audit.flush();
    expect(await auditRows(app, 'access_refused', `address = '203.0.113.7'`)).toEqual([
      expect.objectContaining({ actorId: null, details: expect.objectContaining({ channel: 'socket', target: 'handshake', status: 401 }) }),
      expect.objectContaining({ username: 'supervisor', details: expect.objectContaining({ channel: 'socket', target: 'case:create', status: 403 }) }),
    ]);
  });

  it('should record case creations and changes with actor, case, site and what changed, never the free text', async () => {
    const assistant = await app.login('assistant-nador');
    const input = newCase({ siteId: 'nador', category: 'medical', subcategory: 'first_aid', priority: 'high', summary: 'Yasmine B., malaise dans la file', beneficiary: { sex: 'female' } });
    expect((await app.request('POST', '/api/cases', { token: assistant, body: input })).status).toBe(201);
    expect((await app.request('POST', '/api/cases', { token: assistant, body: input })).status).toBe(200); // a duplicate changes nothing
    const patch = { version: 1, status: 'in_progress', assignee: 'assistant-nador', note: 'Transférée à l’infirmerie' };
    expect((await app.request('PATCH', `/api/cases/${input.id}`, { token: assistant, body: patch })).status).toBe(200);
    const { socket } = await app.connect(assistant);
    const overSocket = newCase({ siteId: 'nador', category: 'transport' });
    expect(await socket.emitWithAck('case:create', overSocket as never)).toMatchObject({ ok: true });

    const created = await auditRows(app, 'case_created', 'case_id = $2', [input.id]);
    expect(created).toEqual([
      {
        actorId: ids['assistant-nador'],
        username: 'assistant-nador',
        role: 'assistant',
        address: null,
        siteId: 'nador',
        caseId: input.id,
        count: 1,
        details: { category: 'medical', subcategory: 'first_aid', priority: 'high', status: 'open', openedAt: expect.any(String), given: ['beneficiary', 'summary'] },
      },
    ]);
    expect(await auditRows(app, 'case_updated', 'case_id = $2', [input.id])).toEqual([
      expect.objectContaining({
        username: 'assistant-nador',
        siteId: 'nador',
        details: { version: { from: 1, to: 2 }, status: { from: 'open', to: 'in_progress' }, assignee: { from: null, to: 'assistant-nador' }, given: ['note'] },
      }),
    ]);
    expect(await auditRows(app, 'case_created', 'case_id = $2', [overSocket.id])).toHaveLength(1);
    const text = JSON.stringify(await app.query('SELECT details FROM audit_log'));
    expect(text).not.toContain('Yasmine');
    expect(text).not.toContain('infirmerie');
  });

  it('should commit a case change and its audit row together, or neither', async () => {
    const coordinator = await app.login('coordinator');
    const failWhen = async (table: string, caseId: string) => {
      await app.query(`CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.case_id = '${caseId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
      await app.query(`CREATE TRIGGER test_fail BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fail()`);
    };
    const heal = (table: string) => app.query(`DROP TRIGGER test_fail ON ${table}`);
    const casesOpened = async () => (await app.query(`SELECT coalesce(sum(opened), 0)::int AS n FROM case_days`))[0].n;

    // The audit row fails: no case, no history, no rollup.
    const first = newCase({ siteId: 'nador', category: 'customs', openedAt: '2024-07-10T10:00:00Z' });
    const opened = await casesOpened();
    await failWhen('audit_log', first.id);
    expect((await app.request('POST', '/api/cases', { token: coordinator, body: first })).status).toBe(500);
    await heal('audit_log');
    expect(await app.query('SELECT id FROM cases WHERE id = $1', [first.id])).toEqual([]);
    expect(await app.query('SELECT id FROM case_events WHERE case_id = $1', [first.id])).toEqual([]);
    expect(await casesOpened()).toBe(opened);

    // The case's history fails after the audit row was written: the audit row goes too.
    await failWhen('case_events', first.id);
    expect((await app.request('POST', '/api/cases', { token: coordinator, body: first })).status).toBe(500);
    expect(await auditRows(app, 'case_created', 'case_id = $2', [first.id])).toEqual([]);
    await heal('case_events');

    // The same for a change: nothing of it stays.
    expect((await app.request('POST', '/api/cases', { token: coordinator, body: first })).status).toBe(201);
    await failWhen('case_events', first.id);
    expect((await app.request('PATCH', `/api/cases/${first.id}`, { token: coordinator, body: { version: 1, status: 'escalated' } })).status).toBe(500);
    await heal('case_events');
    expect(await app.query('SELECT status, version FROM cases WHERE id = $1', [first.id])).toEqual([{ status: 'open', version: 1 }]);
    expect(await auditRows(app, 'case_updated', 'case_id = $2', [first.id])).toEqual([]);
    expect(await auditRows(app, 'case_created', 'case_id = $2', [first.id])).toHaveLength(1);
  });

  it('should record exports with who, the format and the filters, and refused ones as refused access', async () => {
    const supervisor = await app.login('supervisor');
    const file = await download(app.baseUrl, '/api/stats/season/2024/export.csv?siteId=nador&from=2024-07-01&to=2024-07-31&lang=en', supervisor);
    expect(file.status).toBe(200);
    expect((await download(app.baseUrl, '/api/stats/season/2024/export.pdf', supervisor)).status).toBe(200);
    const assistant = await app.login('assistant-nador');
    expect((await download(app.baseUrl, '/api/stats/season/2024/export.xlsx', assistant)).status).toBe(403);
    await audit.flush();
    expect(await auditRows(app, 'export')).toEqual([
      {
        actorId: ids.supervisor,
        username: 'supervisor',
        role: 'supervisor',
        address: expect.stringMatching(LOOPBACK),
        siteId: 'nador',
        caseId: null,
        count: 1,
        details: { year: 2024, format: 'csv', lang: 'en', from: '2024-07-01', to: '2024-07-31' },
      },
      expect.objectContaining({ siteId: null, details: { year: 2024, format: 'pdf', lang: 'fr', from: null, to: null } }),
    ]);
    expect(await auditRows(app, 'access_refused', `details->>'target' = 'GET /api/stats/season/2024/export.xlsx'`)).toEqual([
      expect.objectContaining({ username: 'assistant-nador', details: expect.objectContaining({ status: 403 }) }),
    ]);
  });

  it('should serve GET /api/audit to admins only', async () => {
    for (const username of ['coordinator', 'supervisor', 'assistant-tanger-med']) {
      expect((await app.request('GET', '/api/audit', { token: await app.login(username) })).status).toBe(403);
    }
    expect((await app.request('GET', '/api/audit')).status).toBe(401);
    const page = await app.request('GET', '/api/audit', { token: admin });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeGreaterThan(10);
  });

  it('should validate its query and say which field is wrong', async () => {
    const bad: [string, string][] = [
      ['kind=everything', 'kind'],
      ['cursor=abc', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['from=yesterday', 'from'],
      ['from=2024-07-02T00:00:00Z&to=2024-07-01T00:00:00Z', 'to'],
      ['siteId=Not%20A%20Slug', 'siteId'],
      ['userId=1', ''],
    ];
    for (const [query, path] of bad) {
      const res = await app.request('GET', `/api/audit?${query}`, { token: admin });
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.details[0].path).toBe(path);
    }
  });

  it('should filter by kind, actor, site and time, newest first, and page with the cursor', async () => {
    const list = async (query: string): Promise<{ items: AuditEntry[]; nextCursor: string | null }> => (await app.request('GET', `/api/audit?${query}`, { token: admin })).body;
    const failed = await list('kind=sign_in_failed&actor=coordinator');
    expect(failed.items.map((e) => [e.kind, e.username])).toEqual([['sign_in_failed', 'coordinator']]);
    const atSite = await list('siteId=tanger-med');
    expect(atSite.items.length).toBeGreaterThanOrEqual(2);
    expect(atSite.items.every((e) => e.siteId === 'tanger-med' && e.kind === 'access_refused')).toBe(true);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list(`from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const past = (await list(`to=${encodeURIComponent('2020-01-01T00:00:00Z')}`)).items;
    expect(past).toEqual([]);

    const all = (await list('limit=500')).items;
    const walked: string[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: { items: AuditEntry[]; nextCursor: string | null } = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(7);
      walked.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect(walked).toEqual(all.map((e) => e.id));
    expect(walked.map(Number)).toEqual([...walked.map(Number)].sort((a, b) => b - a));
  });
});

describe('audit log under a flood of refused requests', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(undefined, { AUDIT_BUFFER_ROWS: '20', AUDIT_FLUSH_MS: '300' });
  });
  afterAll(() => app.close());

  it('should write a bounded number of rows in one statement per flush, and count every refusal', async () => {
    const inserts = jest.spyOn(app.get(AuditRepository), 'insert');
    const started = Date.now();
    const flood = async (paths: string[]) => {
      for (let i = 0; i < paths.length; i += 50) {
        const statuses = await Promise.all(paths.slice(i, i + 50).map((p) => app.request('GET', p, { token: 'forged' }).then((r) => r.status)));
        expect(new Set(statuses)).toEqual(new Set([401]));
      }
    };
    // The same refusal again and again, then refusals that all differ (more than the buffer holds).
    await flood(Array.from({ length: 600 }, () => '/api/cases'));
    await flood(Array.from({ length: 300 }, () => `/api/cases/${randomUUID()}`));
    await app.get(AuditService).flush();
    const elapsed = Date.now() - started;

    const [{ rows, total, overflow }] = await app.query(
      `SELECT count(*)::int AS rows, sum(count)::int AS total, coalesce(sum(count) FILTER (WHERE details ? 'overflow'), 0)::int AS overflow
         FROM audit_log WHERE kind = 'access_refused'`,
    );
    expect(total).toBe(900);
    expect(overflow).toBeGreaterThan(0);
    // One statement per flush (every 300 ms, and the last one), each of at most 20 rows and the overflow row.
    expect(inserts.mock.calls.length).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 2);
    expect(rows).toBeLessThanOrEqual(inserts.mock.calls.length * 21);
    for (const [, batch] of inserts.mock.calls) expect((batch as unknown[]).length).toBeLessThanOrEqual(21);
    process.stdout.write(`audit flood: 900 refused requests in ${elapsed} ms → ${rows} rows (${overflow} counted in overflow rows), ${inserts.mock.calls.length} inserts\n`);
  });
});
