import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { AuditService } from '../src/modules/audit/audit.service.js';
import { movement, newCase, TestApp } from './support/test-app.js';

describe('rate limits (in memory, one instance)', () => {
  let app: TestApp;

  beforeAll(async () => {
    // The audit buffer is flushed by the test only: a periodic flush between two failed logins (argon2 is slow on a
    // loaded machine) would split their one row in two.
    app = await TestApp.start(undefined, { RATE_LIMIT_LOGIN_FAILURES: '3', RATE_LIMIT_WRITES_PER_MINUTE: '5', RATE_LIMIT_LOGIN_PER_MINUTE: '20', AUDIT_FLUSH_MS: '60000' });
  });
  afterAll(() => app.close());

  it('should lock a username after repeated failed logins, even for the right password, with Retry-After', async () => {
    const attempt = (password: string) => fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password }) });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong')).status).toBe(401);
    const locked = await attempt('marhaba');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    await app.get(AuditService).flush();
    const audited = await app.query(`SELECT details, count FROM audit_log WHERE kind = 'sign_in_failed' AND username = 'supervisor' ORDER BY id`);
    expect(audited).toEqual([{ details: {}, count: 3 }, { details: { refusedBy: 'rate_limit' }, count: 1 }]);
    // Other accounts are not affected.
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'marhaba' } })).status).toBe(200);
  });

  it('should limit writes per user over HTTP and the socket alike, and leave reads alone', async () => {
    const token = await app.login('assistant-nador');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request('POST', '/api/movements', { token, body: { movements: [movement({ siteId: 'nador' })] } })).status);
    const { socket } = await app.connect(token);
    const ack = await socket.emitWithAck('case:create', newCase({ siteId: 'nador' }) as never);
    expect(ack).toMatchObject({ ok: true });
    statuses.push((await app.request('POST', '/api/movements', { token, body: { movements: [movement({ siteId: 'nador' })] } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(await socket.emitWithAck('case:create', newCase({ siteId: 'nador' }) as never)).toMatchObject({ ok: false, error: { statusCode: 429 } });
    expect((await app.request('GET', '/api/live/snapshot', { token })).status).toBe(200);
    const [{ n }] = await app.query("SELECT count(*)::int AS n FROM movements WHERE site_id = 'nador'");
    expect(n).toBe(4);
  });
});
