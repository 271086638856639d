import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { chromiumAvailable, launchChromium, openPage, SCREENSHOTS, signIn } from './support/browser';
import { startConsoleServer } from './support/server';

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}
/** A card's figure, with the locale's grouping and no-break spaces as they are shown. */
const card = (page: Page, name: string) => page.locator(`[data-testid=card-${name}] [data-testid=value]`);
const waitForValue = (page: Page, name: string, text: string) =>
  page.waitForFunction(([n, t]) => document.querySelector(`[data-testid=card-${n}] [data-testid=value]`)?.textContent === t, [name, text] as const);
const flat = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const movement = (siteId: string, direction: 'arrival' | 'departure', mode: string, people: number, vehicles: number, occurredAt: string) => ({ id: randomUUID(), siteId, direction, mode, people, vehicles, occurredAt });
const aCase = (siteId: string, category: string, openedAt: string) => ({ id: randomUUID(), siteId, category, priority: 'normal', openedAt });

/**
 * The supervisors' page on the real backend process, with a little 2024 season posted through the API:
 * arrivals 232 (sea 4 + 48, air 180), departures 8, bus staging at the Méditerranée area (not in the
 * totals), four cases of which one escalated to the Central Coordination Office.
 */
describe.skipIf(!chromiumAvailable())('season statistics in Chromium, on the real backend', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let outside: string[];
  let pageErrors: string[];
  const requests: { url: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    const [started] = await Promise.all([startConsoleServer(), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    const token = await server.login('coordinator');
    const movements = [
      movement('tanger-med', 'arrival', 'car', 4, 1, '2024-07-01T10:00:00+01:00'),
      movement('tanger-med', 'arrival', 'bus', 48, 1, '2024-07-01T10:05:00+01:00'),
      movement('casablanca-mohammed-v', 'arrival', 'plane', 180, 0, '2024-07-02T18:00:00+01:00'),
      movement('nador', 'departure', 'car', 3, 1, '2024-08-28T09:00:00+01:00'),
      movement('tanger-med', 'departure', 'car', 5, 1, '2024-08-28T21:00:00+01:00'),
      movement('mediterranee', 'departure', 'bus', 50, 1, '2024-08-28T08:00:00+01:00'),
      movement('mediterranee', 'departure', 'minibus', 12, 1, '2024-08-28T08:10:00+01:00'),
    ];
    expect((await server.request('POST', '/api/movements', token, { movements })).body).toEqual({ accepted: 7, duplicates: 0 });
    const cases = [
      aCase('nador', 'customs', '2024-07-01T11:00:00+01:00'),
      aCase('nador', 'customs', '2024-07-02T11:00:00+01:00'),
      aCase('casablanca-mohammed-v', 'information', '2024-07-02T19:00:00+01:00'),
      aCase('tanger-med', 'medical', '2024-08-28T12:00:00+01:00'),
    ];
    for (const c of cases) expect((await server.request('POST', '/api/cases', token, c)).status).toBe(201);
    expect((await server.request('PATCH', `/api/cases/${cases[0].id}`, token, { version: 1, status: 'escalated' })).status).toBe(200);

    ({ page, outside, pageErrors } = await openPage(browser, server.baseUrl, { acceptDownloads: true, locale: 'fr-FR' }));
    page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
  });
  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
  });

  it('should land a supervisor on the statistics of the latest edition, and open 2024 from the address', async () => {
    await page.goto(server.baseUrl);
    await signIn(page, 'supervisor');
    await page.waitForURL('**/stats?year=2025');
    await page.goto(`${server.baseUrl}/stats?year=2024`);
    await waitForValue(page, 'arrivals', '232');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.title()).toBe('Opération Marhaba — Statistiques de la saison');
    expect(await page.locator('[data-testid=nav-stats]').getAttribute('aria-current')).toBe('page');
  });

  it('should show exactly the figures posted, as cards', async () => {
    expect(await card(page, 'departures').textContent()).toBe('8');
    expect(await card(page, 'sea').textContent()).toBe('52');
    expect(await card(page, 'air').textContent()).toBe('180');
    expect(await card(page, 'assistance').textContent()).toBe('4');
    expect(await card(page, 'central-office').textContent()).toBe('1');
    expect(flat(await page.textContent('[data-testid=category-customs]'))).toBe('Douane2');
    expect(flat(await page.textContent('[data-testid=category-information]'))).toBe('Information1');
    expect(flat(await page.textContent('[data-testid=category-medical]'))).toBe('Médical1');
    expect(flat(await page.textContent('[data-testid=bus-passengers]'))).toBe('Passagers62');
    expect(flat(await page.textContent('[data-testid=bus-buses]'))).toBe('Autocars1');
    expect(flat(await page.textContent('[data-testid=bus-minibuses]'))).toBe('Minibus1');
    // 2023 has no data here: the published arrivals (3,165,255) are the comparison.
    expect(flat(await page.textContent('[data-testid=card-arrivals] [data-testid=change]'))).toBe('▼ -99,99 % par rapport à 2023 (3.165.255) · chiffres publiés');
    expect(flat(await page.textContent('[data-testid=peak-arrivals]'))).toBe('▼ Pic des arrivées : mardi 2 juillet 2024 — 180 personnes');
    expect(flat(await page.textContent('[data-testid=peak-departures]'))).toBe('◆ Pic des départs : mercredi 28 août 2024 — 8 personnes');
    await page.waitForSelector('[data-testid=daily-chart] canvas');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=map] .site-marker').length === 24);
    const tanger = await page.getAttribute('[data-testid=map] .site-marker-host[aria-label^="Tanger Med"]', 'aria-label');
    expect(flat(tanger)).toBe('Tanger Med — 52 arrivées, 5 départs');
    const rows = await page.$$eval('[data-testid=site-table] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-site-id')));
    expect(rows.slice(0, 4)).toEqual(['casablanca-mohammed-v', 'mediterranee', 'tanger-med', 'nador']);
    const total = await page.$$eval('[data-testid=site-table-total] > *', (cells) => cells.map((c) => c.textContent?.trim()));
    expect(total).toEqual(['Total des points de passage', '232', '2', '8', '2', '4']);
    await shot(page, 'stats-1366x768');
    await shot(page, 'stats-1366x768-full', true);
  });

  it('should narrow to a site chosen from the filters', async () => {
    await page.selectOption('[data-testid=filter-site]', 'nador');
    await page.waitForURL('**/stats?year=2024&site=nador');
    await waitForValue(page, 'arrivals', '0');
    expect(await card(page, 'departures').textContent()).toBe('3');
    expect(await card(page, 'assistance').textContent()).toBe('2');
    expect(await card(page, 'central-office').textContent()).toBe('1');
    expect(await page.textContent('[data-testid=stats-period]')).toContain('Nador / Beni Ansar');
    expect(await page.$$eval('[data-testid=site-table] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-site-id')))).toEqual(['nador']);
    expect(await page.getAttribute('[data-testid=map] [data-site-id=nador]', 'class')).toContain('site-marker--selected');
    await shot(page, 'stats-site-nador');
  });

  it('should download the CSV export of that selection from the keyboard, the token in a header and never in the address', async () => {
    await page.focus('[data-testid=export-csv]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('marhaba-2024-stats-nador-fr.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Rubrique,Élément,Mesure,Valeur');
    for (const line of ['Arrivées,Total,Personnes,0', 'Départs,Total,Personnes,3', 'Départs,Total,Véhicules,1', 'Assistance,Total,Cas,2', 'Assistance,Douane,Cas,2']) expect(lines).toContain(line);
    expect(lines.some((l) => l.startsWith('Bureau central de coordination') && l.endsWith(',1'))).toBe(true);
    const exported = requests.find((r) => r.url.includes('/export.csv'));
    expect(exported?.url).toBe(`${server.baseUrl}/api/stats/season/2024/export.csv?siteId=nador&lang=fr`);
    expect(exported?.authorization).toMatch(/^Bearer ey/);
    expect(requests.filter((r) => /token|eyJ/.test(r.url))).toEqual([]);
  });

  it('should download the XLSX and PDF exports of that selection too', async () => {
    for (const [format, magic] of [['xlsx', 'PK'], ['pdf', '%PDF-']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=export-${format}]`)]);
      expect(download.suggestedFilename()).toBe(`marhaba-2024-stats-nador-fr.${format}`);
      expect((await readFile((await download.path())!)).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
  });

  it('should narrow to a range of days within the edition', async () => {
    await page.click('[data-testid=filter-reset]');
    await page.waitForURL('**/stats?year=2024');
    await waitForValue(page, 'arrivals', '232');
    expect(await page.getAttribute('[data-testid=filter-from]', 'min')).toBe('2024-06-05');
    expect(await page.getAttribute('[data-testid=filter-to]', 'max')).toBe('2024-09-15');
    await page.fill('[data-testid=filter-from]', '2024-07-02');
    await page.waitForURL('**/stats?year=2024&from=2024-07-02');
    await page.fill('[data-testid=filter-to]', '2024-07-02');
    await page.waitForURL('**/stats?year=2024&from=2024-07-02&to=2024-07-02');
    await waitForValue(page, 'departures', '0');
    expect(await card(page, 'arrivals').textContent()).toBe('180');
    expect(await card(page, 'assistance').textContent()).toBe('2');
    expect(await page.textContent('[data-testid=stats-period]')).toContain('Du mardi 2 juillet 2024 au mardi 2 juillet 2024');
  });

  it('should show zeros, not an error, for an edition with no data', async () => {
    await page.selectOption('[data-testid=filter-year]', '2023');
    await page.waitForURL('**/stats?year=2023');
    await waitForValue(page, 'arrivals', '0');
    for (const name of ['departures', 'sea', 'air', 'assistance', 'central-office']) expect(await card(page, name).textContent()).toBe('0');
    expect(await page.locator('[data-testid=stats-error]').count()).toBe(0);
    expect(await page.textContent('[data-testid=daily-chart]')).toContain('Aucun mouvement sur la période.');
  });

  it('should switch to Arabic, right to left, and export in Arabic', async () => {
    await page.selectOption('[data-testid=filter-year]', '2024');
    await waitForValue(page, 'arrivals', '232');
    await page.selectOption('[data-testid=language]', 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.textContent('[data-testid=card-arrivals] h3')).toBe('الوصول');
    expect(await page.textContent('[data-testid=peak-arrivals]')).toMatch(/ذروة الوصول: .*2024 — 180 شخص/);
    // The first card sits on the right in a right-to-left layout.
    const first = await page.locator('[data-testid=card-arrivals]').boundingBox();
    const second = await page.locator('[data-testid=card-departures]').boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    expect(download.suggestedFilename()).toBe('marhaba-2024-stats-ar.csv');
    expect(await readFile((await download.path())!, 'utf8')).toContain('المغادرة');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'stats-ar-1920x1080');
    await page.selectOption('[data-testid=language]', 'fr');
    await shot(page, 'stats-fr-1920x1080');
  });

  it('should choose a site on the map from the keyboard', async () => {
    await page.focus('[data-testid=map] .site-marker-host[aria-label^="Tanger Med —"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/stats?year=2024&site=tanger-med');
    await waitForValue(page, 'arrivals', '52');
    expect(await card(page, 'departures').textContent()).toBe('5');
    expect(await card(page, 'assistance').textContent()).toBe('1');
  });

  it('should fit the width of a 1366 px screen and ask nothing of the internet', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    // The layout settles at the new size: wait until it fits (a timeout here means it never does).
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 1366);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('should keep assistants out of the statistics', async () => {
    await page.click('[data-testid=logout]');
    await signIn(page, 'assistant-nador');
    await page.waitForURL('**/site');
    await page.goto(`${server.baseUrl}/stats`);
    await page.waitForURL('**/site');
    await page.locator('[data-testid=site-name]').waitFor();
    expect(await page.locator('[data-testid=stat-cards]').count()).toBe(0);
  });
});
