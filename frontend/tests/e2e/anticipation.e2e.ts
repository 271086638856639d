import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, openPage, SCREENSHOTS, signIn } from './support/browser';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { startConsoleServer } from './support/server';
import { waitFor } from '../../../backend/test/support/wait';
import { EXPECTED_PEAK_GLYPH } from '../../src/map/site-style';

describe.skipIf(!chromiumAvailable())('anticipation on the console in Chromium, on the real backend', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    // A sweep every half second, so that a changed threshold shows within the test; refits every few
    // seconds, because the one at start can run before a fresh database has its sites.
    const [started] = await Promise.all([startConsoleServer({ ALERT_SWEEP_MS: '500', FORECAST_REFIT_MS: '3000' }), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    ({ page, pageErrors } = await openPage(browser, server.baseUrl));
  });
  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
  });

  it('should draw the forecast of the coming hours on the hourly chart, apart from what was counted', async () => {
    const token = await server.login('coordinator');
    // The server fits (or falls back) at start: a fresh database has the season profile to go on.
    const forecast = await waitFor('the forecast of the coming hours', async () => {
      const res = await server.request('GET', '/api/forecast?hours=24', token);
      return res.status === 200 ? (res.body as { method: string; hours: unknown[] }) : null;
    }, 30_000, 200);
    expect(forecast.hours).toHaveLength(24);

    await page.goto(server.baseUrl);
    await signIn(page, 'coordinator');
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    const caption = await page.waitForSelector('[data-testid=hourly-forecast]', { timeout: 40_000 });
    expect(await caption.textContent()).toContain('Attendu à partir de');
    // The expected line and the band's edges are series of their own in the chart's legend, next to the counted ones.
    const legend = await page.$$eval('.hourly-chart .u-legend .u-series .u-label', (labels) => labels.map((l) => l.textContent ?? ''));
    expect(legend).toEqual(expect.arrayContaining(['Arrivées', 'Départs', 'Attendu', 'Prévision haute (80 %)', 'Prévision basse (80 %)']));
    await page.screenshot({ path: join(SCREENSHOTS, 'console-forecast.png') });
  });

  it('should mark a site expected to peak on the map and list the alert, once its threshold is below the forecast', async () => {
    const admin = await server.login('admin');
    const coordinator = await server.login('coordinator');
    // One person an hour: whatever the forecast expects at Tanger Med in the coming hours crosses it. Off season
    // the forecast may expect less than 1.5 people an hour (warning) or more (critical): the map must show the
    // level the server raised, whichever it is.
    expect((await server.request('PATCH', '/api/sites/tanger-med', admin, { hourlyThresholdPeople: 1 })).status).toBe(200);
    const marker = page.locator('[data-testid=map] .site-marker[data-site-id=tanger-med]');
    const level = await waitFor('the expected peak raised and shown on the map', async () => {
      const alerts = (await server.request('GET', '/api/alerts?active=true&siteId=tanger-med', coordinator)).body as { rule: string; level: 'warning' | 'critical' }[];
      const raised = alerts.find((a) => a.rule === 'peak_expected')?.level;
      return raised !== undefined && (await marker.getAttribute('data-peak-expected')) === raised ? raised : null;
    }, 30_000, 200);
    expect(await marker.locator('.site-marker__forecast').textContent()).toBe(EXPECTED_PEAK_GLYPH[level]);
    expect(await marker.locator('.site-marker__forecast').isVisible()).toBe(true);
    const label = await page.locator('[data-testid=map] .site-marker-host', { has: page.locator('[data-site-id=tanger-med]') }).getAttribute('aria-label');
    expect(label).toContain('pic attendu à');
    const alert = page.locator('[data-testid=alert][data-rule=peak_expected]');
    await alert.first().waitFor();
    expect(await alert.first().textContent()).toContain('Pic attendu à');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-peak-expected.png') });
    expect(pageErrors).toEqual([]);
  });
});
