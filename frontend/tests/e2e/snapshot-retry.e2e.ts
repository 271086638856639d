import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, digits, launchChromium, openPage, signIn } from './support/browser';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { startConsoleServer } from './support/server';

/**
 * The console's socket stays up while the server cannot build a snapshot: its database refuses the
 * query (a table the snapshot reads, and writes of counts do not, is renamed away for a while).
 */
describe.skipIf(!chromiumAvailable())('console whose snapshot fails while the socket is up, in Chromium, on the real backend', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let database: pg.Client;

  beforeAll(async () => {
    const [started] = await Promise.all([startConsoleServer(), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    // The embedded PostgreSQL of that server: its port is the 4th line of postmaster.pid (credentials: backend/src/database/embedded-postgres.ts).
    const port = Number(readFileSync(join(server.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
    database = new pg.Client({ host: '127.0.0.1', port, user: 'marhaba', password: 'marhaba-embedded', database: 'marhaba' });
    await database.connect();
    ({ page } = await openPage(browser, server.baseUrl));
  });
  afterAll(async () => {
    await database?.end();
    await browser?.close();
    await stopServer?.();
  });

  it('should say it is trying again, then go live with the right figures once the snapshot can be had', async () => {
    await page.goto(server.baseUrl);
    await signIn(page, 'coordinator');
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    const before = digits(await page.textContent('[data-testid=kpi-arrivals]'));

    // A live event lost on the way (its sequence number skipped) makes the console ask for a snapshot,
    // which the database now refuses; counts are still written (they do not read the cases table).
    await database.query(`INSERT INTO live_sequences (site_id, seq) VALUES ('tanger-med', 1) ON CONFLICT (site_id) DO UPDATE SET seq = live_sequences.seq + 1`);
    await database.query('ALTER TABLE cases RENAME TO cases_away');
    try {
      const token = await server.login('assistant-tanger-med');
      const movements = [{ id: randomUUID(), siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 37, vehicles: 9, occurredAt: new Date().toISOString() }];
      expect((await server.request('POST', '/api/movements', token, { movements })).body).toEqual({ accepted: 1, duplicates: 0 });
      await page.waitForSelector('[data-testid=connection][data-state=retrying]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=connection]')).toMatch(/Chiffres indisponibles : nouvel essai dans \d+ s/);
      // The socket is up all along: the console tries again by itself, and says so again after each failure.
      // A retry is resynchronising only while its request fails (milliseconds): every state the indicator
      // takes is recorded as it changes, since polling for that one could miss it.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { connectionStates: () => string[] }).connectionStates = () => [...seen, document.querySelector('[data-testid=connection]')?.getAttribute('data-state') ?? ''];
        // Each change's old value, in order, then the current one: the whole history, batched or not.
        new MutationObserver((records) => records.forEach((r) => seen.push(r.oldValue ?? ''))).observe(document.querySelector('[data-testid=connection]')!, { attributeFilter: ['data-state'], attributeOldValue: true });
      });
      await page.waitForFunction(() => (window as unknown as { connectionStates: () => string[] }).connectionStates().join(' ').includes('retrying resyncing retrying'), undefined, { timeout: 30_000 });
      // The last figures stay on screen meanwhile.
      expect(digits(await page.textContent('[data-testid=kpi-arrivals]'))).toBe(before);
    } finally {
      await database.query('ALTER TABLE cases_away RENAME TO cases');
    }
    await page.waitForSelector('[data-testid=connection][data-state=live]', { timeout: 30_000 });
    await page.waitForFunction((expected) => Number(document.querySelector('[data-testid=kpi-arrivals]')?.textContent?.replace(/[^\d]/g, '')) === expected, before + 37);
  }, 120_000);
});
