import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { chromiumAvailable, launchChromium, openPage, SCREENSHOTS, signIn } from './support/browser';
import { startConsoleServer } from './support/server';

const HEADER = 'date,siteId,direction,people,vehicles';
/** A little 2023 season: 300 arrivals at Tanger Med and Nador, 120 departures. Rows 3 and 4 are wrong. */
const GOOD = [`2023-07-01,tanger-med,arrival,200,60`, `2023-07-01,tanger-med,departure,120,30`, `2023-07-02,nador,arrival,100,25`];
const BAD = [GOOD[0], `2023-10-01,tanger-med,departure,120,30`, `2023-07-02,nador,arrival,-5,25`];
const csv = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n');

/** The import page on the real backend process: a file with errors, shown by row; fixed; imported; the season on /stats. */
describe.skipIf(!chromiumAvailable())('import of past figures in Chromium, on the real backend', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    const [started] = await Promise.all([startConsoleServer(), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    ({ page, pageErrors } = await openPage(browser, server.baseUrl, { locale: 'en-GB' }));
  });
  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
  });

  const choose = (rows: string[]) => page.setInputFiles('[data-testid=import-file]', { name: 'season-2023.csv', mimeType: 'text/csv', buffer: csv(rows) });

  it('should list the bad rows of a file with their column and reason, and import nothing', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.evaluate(() => localStorage.setItem('marhaba.locale', 'en'));
    await page.reload();
    await signIn(page, 'supervisor');
    await page.waitForURL('**/stats**');
    await page.click('[data-testid=nav-imports]');
    await page.waitForURL('**/imports');
    await page.selectOption('[data-testid=import-edition]', '2023');
    await choose(BAD);
    await page.click('[data-testid=import-preview]');
    await page.waitForSelector('[data-testid=import-error]');
    const rows = await page.$$eval('[data-testid=import-error]', (trs) => trs.map((tr) => [tr.getAttribute('data-row'), tr.getAttribute('data-reason'), tr.textContent?.replace(/\s+/g, ' ').trim()]));
    expect(rows).toEqual([
      ['3', 'outside_edition', '3datedate outside the edition'],
      ['4', 'not_a_count', '4peoplemust be a whole number of 0 or more'],
    ]);
    expect(await page.isDisabled('[data-testid=import-confirm]')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'imports-errors.png'), fullPage: true });
    const token = await server.login('supervisor');
    expect((await server.request('GET', '/api/stats/season/2023', token)).body.arrivals.people).toBe(0);
  });

  it('should preview the fixed file, import it on confirmation and show the season on /stats', async () => {
    await choose(GOOD);
    await page.click('[data-testid=import-preview]');
    await page.waitForSelector('[data-testid=import-ready]');
    expect(await page.textContent('[data-testid=import-ready]')).toContain('3 rows read, 3 ready to import');
    await page.click('[data-testid=import-confirm]');
    await page.waitForSelector('[data-testid=import-done]');
    await page.click('[data-testid=import-see-stats]');
    await page.waitForURL('**/stats?year=2023**');
    await page.waitForFunction(() => document.querySelector('[data-testid=card-arrivals] [data-testid=value]')?.textContent === '300');
    expect(await page.textContent('[data-testid=card-departures] [data-testid=value]')).toBe('120');
    await page.screenshot({ path: join(SCREENSHOTS, 'imports-stats-2023.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
