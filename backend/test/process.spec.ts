import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN, ServerProcess } from './support/server-process.js';
import { movement, newCase } from './support/test-app.js';

describe('the embedded default as a process: kill, restart, shut down', () => {
  let dir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'marhaba-process-'));
    chmodSync(dir, 0o755);
    server = new ServerProcess(join(dir, 'data'), await freePort());
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should print the address and the demo logins', () => {
    expect(server.output).toContain(`http://localhost:${server.port}`);
    expect(server.output).toContain('assistant-tanger-med');
  });

  it('should keep every acknowledged write through kill -9 and a restart', async () => {
    const token = await server.login();
    const batch = { movements: Array.from({ length: 300 }, () => movement({ siteId: 'tanger-med', people: 2, vehicles: 1 })) };
    expect((await server.request('POST', '/api/movements', token, batch)).body).toEqual({ accepted: 300, duplicates: 0 });
    const c = newCase({ siteId: 'nador', category: 'customs', priority: 'high' });
    expect((await server.request('POST', '/api/cases', token, c)).status).toBe(201);

    server.child.kill('SIGKILL');
    await server.exited();
    await server.start();

    const again = await server.login();
    const snapshot = (await server.request('GET', '/api/live/snapshot', again)).body;
    expect(snapshot.sites.find((s: { siteId: string }) => s.siteId === 'tanger-med').today.arrivals).toEqual({ people: 600, vehicles: 300 });
    expect((await server.request('GET', `/api/cases/${c.id}`, again)).body).toMatchObject({ id: c.id, category: 'customs' });
    expect((await server.request('POST', '/api/movements', again, batch)).body).toEqual({ accepted: 0, duplicates: 300 });
    // The token signed before the crash is still valid: the secret lives in DATA_DIR.
    expect((await server.request('GET', '/api/sites', token)).status).toBe(200);
  });

  it('should finish in-flight writes on SIGTERM and stop its database', async () => {
    const token = await server.login();
    const batch = { movements: Array.from({ length: 1000 }, () => movement({ siteId: 'bab-sebta', mode: 'foot', vehicles: 0, people: 1 })) };
    const inFlight = server.request('POST', '/api/movements', token, batch).then(
      (r) => r.status,
      () => 'no answer' as const,
    );
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    const [status, code] = await Promise.all([inFlight, server.exited()]);
    expect(code).toBe(0);
    expect(existsSync(join(server.dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    await server.start();
    const stored = (await server.request('GET', '/api/live/snapshot', await server.login())).body.sites.find((s: { siteId: string }) => s.siteId === 'bab-sebta').today.arrivals.people;
    // Acknowledged means stored; an unanswered batch is all-or-nothing, for the tablet to resend.
    if (status === 200) expect(stored).toBe(1000);
    else expect([0, 1000]).toContain(stored);
  });
});
