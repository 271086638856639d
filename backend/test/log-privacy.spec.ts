import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { freePort, MAIN, ServerProcess } from './support/server-process.js';
import { newCase } from './support/test-app.js';

/**
 * The application logs of the real server process at LOG_LEVEL=debug, while people sign in, fail to,
 * log cases with names in their free text, are refused and export: none of it may show up there.
 */
describe('no personal data in the application logs (server process, LOG_LEVEL=debug)', () => {
  let dir: string;
  let server: ServerProcess;
  let logs = '';
  const secrets: string[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'marhaba-logs-'));
    chmodSync(dir, 0o755);
    server = new ServerProcess(join(dir, 'data'), await freePort(), { LOG_LEVEL: 'debug', AUDIT_FLUSH_MS: '100' });
    await server.start();
    // The start-up banner (which names the demo logins) ends with them: what follows is the logs.
    const banner = /demo logins[^\n]*\n/;
    while (!banner.test(server.output)) await new Promise((resolve) => setTimeout(resolve, 20));
    const startup = server.output.search(banner) + (banner.exec(server.output)?.[0].length ?? 0);

    const attempted = { username: 'layla.probe-name', password: 'Wr0ng-Secret-Passw0rd' };
    expect((await server.request('POST', '/api/auth/login', undefined, attempted)).status).toBe(401);
    expect((await server.request('POST', '/api/auth/login', undefined, { username: 'assistant-nador', password: 'not-the-password' })).status).toBe(401);
    const assistant = await server.login('assistant-nador');
    const supervisor = await server.login('supervisor');
    const c = newCase({ siteId: 'nador', category: 'medical', subcategory: 'first_aid', summary: 'Fatima-Zahra Benkirane, passeport AB447199', beneficiary: { sex: 'female', ageBand: '60-74' } });
    expect((await server.request('POST', '/api/cases', assistant, c)).status).toBe(201);
    const note = 'Rappeler Youssef Amrani au 0612345678';
    expect((await server.request('PATCH', `/api/cases/${c.id}`, assistant, { version: 1, status: 'in_progress', assignee: 'assistant-nador', note })).status).toBe(200);
    expect((await server.request('GET', '/api/cases?siteId=tanger-med&status=open', assistant)).status).toBe(403);
    expect((await server.request('POST', '/api/cases', supervisor, newCase({ siteId: 'nador' }))).status).toBe(403);

    const socket = io(`${server.baseUrl}/live`, { auth: { token: assistant }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const overSocket = newCase({ siteId: 'nador', category: 'transport', summary: 'Hamza Ouazzani a perdu ses bagages' });
    expect(await socket.emitWithAck('case:create', overSocket as never)).toMatchObject({ ok: true });
    socket.disconnect();
    const forged = io(`${server.baseUrl}/live`, { auth: { token: 'forged.token.value' }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise((resolve) => forged.once('connect_error', resolve));
    forged.disconnect();

    const exported = await fetch(`${server.baseUrl}/api/stats/season/2024/export.csv?siteId=nador&lang=en`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();

    const admin = await server.login('admin');
    const audit = (await server.request('GET', '/api/audit?kind=sign_in_failed', admin)).body;
    expect(audit.items.map((e: { username: string }) => e.username).sort()).toEqual(['assistant-nador', 'layla.probe-name']);
    await server.stop();
    logs = server.output.slice(startup);
    secrets.push(attempted.username, attempted.password, 'not-the-password', 'marhaba', 'assistant-nador', 'supervisor', 'admin', assistant, supervisor, admin);
    secrets.push('Fatima', 'Benkirane', 'AB447199', 'Youssef', '0612345678', 'Hamza', 'forged.token.value');
    secrets.push('127.0.0.1', '::ffff:', 'siteId=', 'lang=en');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should log each request (method, path, status) at this level', () => {
    expect(logs).toContain('"url":"/api/auth/login"');
    expect(logs).toContain('"statusCode":401');
    expect(logs).toContain('"url":"/api/cases"');
    expect(logs).toContain('"statusCode":201');
    expect(logs).toContain('"url":"/api/stats/season/2024/export.csv"');
  });

  it('should hold no username, password, token, free text or client address', () => {
    expect(secrets.filter((secret) => logs.includes(secret))).toEqual([]);
  });
});
