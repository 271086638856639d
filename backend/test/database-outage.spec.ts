import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { movement, TestApp } from './support/test-app.js';

describe('PostgreSQL briefly unreachable', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marhaba-outage-'));
    chmodSync(dir, 0o755);
    db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined);
    port = Number(new URL(db.url).port);
    app = await TestApp.start(db.url);
  });
  afterAll(async () => {
    await app.close();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer 503 while the database is down, keep running, and recover by itself', async () => {
    const token = await app.login('coordinator');
    const before = movement({ siteId: 'tanger-med' });
    expect((await app.request('POST', '/api/movements', { token, body: { movements: [before] } })).status).toBe(200);

    await db.stop();
    const during = movement({ siteId: 'tanger-med' });
    const write = await app.request('POST', '/api/movements', { token, body: { movements: [during] } });
    expect(write).toMatchObject({ status: 503, body: { statusCode: 503, error: 'Service Unavailable' } });
    expect((await app.request('GET', '/api/health')).status).toBe(503);
    expect((await app.request('GET', '/api/live/snapshot', { token })).status).toBe(503);
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'coordinator', password: 'marhaba' } })).status).toBe(503);

    db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined, { port });
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await app.request('GET', '/api/health')).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(health).toBe(200);
    expect((await app.request('POST', '/api/movements', { token, body: { movements: [during] } })).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await app.request('POST', '/api/movements', { token, body: { movements: [before] } })).body).toEqual({ accepted: 0, duplicates: 1 });
    const rows = await app.query("SELECT count(*)::int AS n FROM movements WHERE site_id = 'tanger-med'");
    expect(rows).toEqual([{ n: 2 }]);
  });
});
