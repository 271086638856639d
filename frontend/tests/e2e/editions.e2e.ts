import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { chromiumAvailable, launchChromium, openPage, signIn } from './support/browser';
import { startConsoleServer } from './support/server';

const markerLabels = (page: Page) => page.$$eval('[data-testid=map] .site-marker-host', (hosts) => hosts.map((h) => h.getAttribute('aria-label') ?? ''));

/** Site names in Arabic on the console and the statistics page, and the admins' editions page, on the real backend. */
describe.skipIf(!chromiumAvailable())('editions and site names in Chromium', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let pageErrors: string[];

  beforeAll(async () => {
    const [started] = await Promise.all([startConsoleServer(), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    admin = await server.login('admin');
    const movements = [{ id: randomUUID(), siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 9, vehicles: 2, occurredAt: '2024-07-01T10:00:00+01:00' }];
    expect((await server.request('POST', '/api/movements', admin, { movements })).body).toEqual({ accepted: 1, duplicates: 0 });
    ({ page, pageErrors } = await openPage(browser, server.baseUrl));
  });
  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
  });

  it('should name the sites in Arabic on the console map, the 26 of the latest edition', async () => {
    await page.goto(server.baseUrl);
    await page.evaluate(() => localStorage.setItem('marhaba.locale', 'ar'));
    await page.reload();
    await signIn(page, 'admin');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=map] .site-marker').length === 26);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    const labels = await markerLabels(page);
    expect(labels.some((l) => l.startsWith('طنجة المتوسط'))).toBe(true);
    expect(labels.some((l) => l.startsWith('مطار الداخلة'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Tanger Med'))).toBe(false);
  });

  it('should name the sites of the 2024 edition in Arabic on the statistics page', async () => {
    await page.goto(`${server.baseUrl}/stats?year=2024`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=map] .site-marker').length === 24);
    expect((await markerLabels(page)).some((l) => l.startsWith('مطار الداخلة'))).toBe(false);
    await page.waitForFunction(() => document.querySelector('[data-testid=site-table]')?.textContent?.includes('طنجة المتوسط'));
    expect(await page.locator('[data-testid=site-table]').textContent()).not.toContain('Tanger Med');
    const offered = await page.locator('[data-testid=filter-site] option').allTextContents();
    expect(offered).toContain('باب سبتة');
    expect(offered).not.toContain('مطار الداخلة');
  });

  it('should create an edition after showing the refusal in the page language, then change its dates and sites', async () => {
    await page.selectOption('[data-testid=language]', 'fr');
    await page.click('[data-testid=nav-editions]');
    await page.waitForURL('**/editions');
    await page.waitForSelector('[data-testid=edition-2025]');
    expect(await page.textContent('[data-testid=edition-2025] [data-testid=edition-site-count]')).toBe('26');

    const form = page.locator('[data-testid=edition-admin] section').first();
    await form.locator('[data-testid=edition-year]').fill('2026');
    await form.locator('[data-testid=edition-starts]').fill('2026-06-05');
    await form.locator('[data-testid=edition-ends]').fill('2027-09-15');
    await form.locator('[data-testid=edition-submit]').click();
    const error = form.locator('[data-testid=edition-error]');
    await error.waitFor();
    expect(await error.textContent()).toBe('Saisie refusée : une valeur ne convient pas. (endsOn: must be in 2026)');
    expect((await server.request('GET', '/api/editions', admin)).body.map((e: { year: number }) => e.year)).toEqual([2023, 2024, 2025]);

    await form.locator('[data-testid=edition-ends]').fill('2026-09-15');
    await form.locator('[data-testid=edition-submit]').click();
    await page.waitForSelector('[data-testid=edition-2026]');
    expect(await page.textContent('[data-testid=edition-2026] [data-testid=edition-site-count]')).toBe('26');

    await page.click('[data-testid=edition-2026] [data-testid=edition-edit]');
    const edit = page.locator('[data-testid=editions] [data-testid=edition-form]');
    await edit.locator('[data-testid=edition-site-dakhla]').uncheck();
    await edit.locator('[data-testid=edition-ends]').fill('2026-09-20');
    await edit.locator('[data-testid=edition-submit]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=edition-2026] [data-testid=edition-site-count]')?.textContent === '25');
    const stored = (await server.request('GET', '/api/editions', admin)).body.find((e: { year: number }) => e.year === 2026);
    expect([stored.startsOn, stored.endsOn, stored.siteIds.length, stored.siteIds.includes('dakhla')]).toEqual(['2026-06-05', '2026-09-20', 25, false]);
  });

  it('should let an admin rename a site in one language', async () => {
    const row = page.locator('[data-testid=site-names-dakhla]');
    await row.locator('[data-testid=site-name-en]').fill('Dakhla international airport');
    await row.locator('[data-testid=site-names-save]').click();
    await expect.poll(async () => (await server.request('GET', '/api/sites/dakhla', admin)).body.names).toEqual({ fr: 'Aéroport de Dakhla', ar: 'مطار الداخلة', en: 'Dakhla international airport' });
    expect(pageErrors).toEqual([]);
  });
});
