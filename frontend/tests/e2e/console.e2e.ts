import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, digits, launchChromium, openPage, SCREENSHOTS, signIn } from './support/browser';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { startConsoleServer } from './support/server';

/** Saves the page as a test artifact, the markers' colour transitions finished rather than waited out. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

describe.skipIf(!chromiumAvailable())('coordinator console in Chromium, on the real backend', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let token: string;
  let outside: string[];
  let pageErrors: string[];

  beforeAll(async () => {
    const [started] = await Promise.all([startConsoleServer(), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    token = await server.login('coordinator');
    ({ page, outside, pageErrors } = await openPage(browser, server.baseUrl));
  });
  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
  });

  it('should sign a coordinator in and go live', async () => {
    await page.goto(server.baseUrl);
    await signIn(page, 'coordinator');
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
  });

  it('should renew an expired access token by itself, and go back to sign-in once the session is ended elsewhere', async () => {
    const storedToken = () => page.evaluate(() => JSON.parse(localStorage.getItem('marhaba.session')!).token as string);
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('marhaba.session')!);
      localStorage.setItem('marhaba.session', JSON.stringify({ ...session, token: 'expired', expiresAt: Date.now() + 3_600_000 }));
    });
    await page.reload();
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    const renewed = await storedToken();
    expect(renewed).not.toBe('expired');
    expect((await server.request('GET', '/api/alerts', renewed)).status).toBe(200);

    // Signed out from another place (or by an admin): the open socket is closed and the console asks to sign in.
    expect((await server.request('POST', '/api/auth/logout', renewed)).status).toBe(204);
    await page.waitForURL('**/login');
    await signIn(page, 'coordinator');
    await page.waitForSelector('[data-testid=connection][data-state=live]');
  });

  it('should show every site on the map, labelled, on the offline basemap', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=map] .site-marker').length === 26);
    const labels = await page.$$eval('[data-testid=map] .site-marker-host', (hosts) => hosts.map((h) => h.getAttribute('aria-label') ?? ''));
    expect(labels).toHaveLength(26);
    expect(labels.find((l) => l.startsWith('Tanger Med'))).toContain('Calme');
    expect(await page.locator('[data-testid=map] path.basemap-country--operation').count()).toBe(4);
    await page.waitForSelector('.hourly-chart canvas');
    await shot(page, 'console-1366x768');
  });

  it('should move the figures when a movement is posted, without reloading or rebuilding the map', async () => {
    const before = digits(await page.textContent('[data-testid=kpi-arrivals]'));
    await page.evaluate(() => {
      const w = window as unknown as { __noReload: boolean; __marker: Element | null };
      w.__noReload = true;
      w.__marker = document.querySelector('[data-testid=map] [data-site-id=tanger-med]');
    });
    const movements = [{ id: randomUUID(), siteId: 'tanger-med', direction: 'arrival', mode: 'car', people: 4_600, vehicles: 1_150, occurredAt: new Date().toISOString() }];
    expect((await server.request('POST', '/api/movements', token, { movements })).body).toEqual({ accepted: 1, duplicates: 0 });
    await page.waitForFunction((expected) => Number(document.querySelector('[data-testid=kpi-arrivals]')?.textContent?.replace(/[^\d]/g, '')) === expected, before + 4_600);
    const state = await page.evaluate(() => {
      const w = window as unknown as { __noReload?: boolean; __marker: HTMLElement | null };
      return { noReload: w.__noReload, sameMarker: w.__marker !== null && w.__marker.isConnected, level: w.__marker?.dataset.level };
    });
    // 4,600 people in an hour at a 3,000 threshold is a critical surge: same marker element, new look.
    expect(state).toEqual({ noReload: true, sameMarker: true, level: 'critical' });
    await page.waitForSelector('[data-testid=alert][data-rule=traffic_surge]');
  });

  it('should raise a holding-area alert at 96 % and let the coordinator acknowledge it', async () => {
    const report = { id: randomUUID(), vehiclesWaiting: 960, estimatedWaitMinutes: 420, reportedAt: new Date().toISOString() };
    expect((await server.request('POST', '/api/holding-areas/nador/reports', token, report)).status).toBe(201);
    const alert = page.locator('[data-testid=alert][data-rule=holding_capacity]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Critique');
    expect(await alert.textContent()).toContain('960 / 1.000');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=holding-gauge]')].some((g) => g.textContent?.includes('96') && g.getAttribute('data-level') === 'critical'));
    await shot(page, 'alert-before-ack');
    await alert.locator('[data-testid=alert-ack]').click();
    await alert.locator('[data-testid=alert-acknowledged]').waitFor();
    expect(await alert.locator('[data-testid=alert-acknowledged]').textContent()).toContain('coordinator');
    const active = await server.request('GET', '/api/alerts?active=true', token);
    expect(active.body.find((a: { rule: string; siteId: string; acknowledgedBy: string | null }) => a.rule === 'holding_capacity' && a.siteId === 'nador')?.acknowledgedBy).toBe('coordinator');
  });

  it('should take over and resolve an escalated case from the feed', async () => {
    const id = randomUUID();
    await server.request('POST', '/api/cases', token, { id, siteId: 'bab-sebta', category: 'customs', priority: 'high', summary: 'Véhicule bloqué à la douane', openedAt: new Date().toISOString() });
    await server.request('PATCH', `/api/cases/${id}`, token, { version: 1, status: 'escalated' });
    const item = page.locator('[data-testid=case]', { hasText: 'Véhicule bloqué à la douane' });
    await item.locator('[data-testid=case-take-over]').click();
    await item.getByText('Pris en charge par coordinator').waitFor();
    await item.locator('[data-testid=case-resolve]').click();
    await item.locator('.case__status[data-status=resolved]').waitFor();
    expect((await server.request('GET', `/api/cases/${id}`, token)).body).toMatchObject({ status: 'resolved', assignee: 'coordinator' });
  });

  it('should open a site panel from the keyboard', async () => {
    await page.focus('[data-testid=map] .site-marker-host[aria-label^="Nador / Beni Ansar"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/sites/nador');
    const panel = page.locator('[data-testid=site-panel]');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe('Nador / Beni Ansar');
    expect(await panel.locator('[data-testid=holding-gauge]').textContent()).toContain('7 h 0 min');
    await shot(page, 'site-panel-nador');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('should switch to Arabic, right to left, with Moroccan number formats', async () => {
    await page.selectOption('[data-testid=language]', 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.textContent('.app-header h1')).toBe('عملية مرحبا');
    // Moroccan Arabic writes Latin digits with a dot between thousands.
    expect(await page.textContent('[data-testid=kpi-arrivals]')).toBe('4.600');
    expect(await page.textContent('.app-header__brand p')).toMatch(/[\u0600-\u06FF]/);
    // The side column moves to the left in a right-to-left layout.
    const side = await page.locator('.console__side').boundingBox();
    const map = await page.locator('.console__map').boundingBox();
    expect(side!.x).toBeLessThan(map!.x);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForFunction(() => innerWidth === 1920 && innerHeight === 1080);
    await shot(page, 'console-ar-1920x1080');
    await page.reload();
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.selectOption('[data-testid=language]', 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await shot(page, 'console-fr-1920x1080');
  });

  it('should fit a 1366×768 screen without page scroll, and ask nothing of the internet', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    // The layout settles at the new size: wait until it fits (a timeout here means it never does).
    await page.waitForFunction(() => document.documentElement.scrollHeight <= 768 && document.documentElement.scrollWidth <= 1366);
    const scroll = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth }));
    expect(scroll.height).toBeLessThanOrEqual(768);
    expect(scroll.width).toBeLessThanOrEqual(1366);
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('should let an admin open an account for a site assistant, change its sites and disable it, signing it out', async () => {
    await page.click('[data-testid=logout]');
    await signIn(page, 'admin');
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.click('[data-testid=nav-users]');
    await page.waitForSelector('[data-testid=user-admin]');

    const form = page.locator('[data-testid=user-form]').first();
    await form.locator('[data-testid=user-username]').fill('amina.b');
    await form.locator('[data-testid=user-password]').fill('short');
    await form.locator('[data-testid=user-role]').selectOption('assistant');
    await form.locator('[data-testid=user-sites]').selectOption(['nador']);
    await form.locator('[data-testid=user-save]').click();
    // The browser's own check stops a short password first; the server's message shows for what it refuses.
    expect(await page.locator('[data-testid=user-amina\\.b]').count()).toBe(0);
    await form.locator('[data-testid=user-password]').fill('a-long-password');
    await form.locator('[data-testid=user-username]').fill('admin');
    await form.locator('[data-testid=user-save]').click();
    expect(await form.locator('[data-testid=user-error]').textContent()).toContain('username admin is taken');
    await form.locator('[data-testid=user-username]').fill('amina.b');
    await form.locator('[data-testid=user-password]').fill('a-long-password');
    await form.locator('[data-testid=user-save]').click();
    const row = page.locator('[data-testid=user-amina\\.b]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Nador');

    // Signed in on a tablet; the admin moves it to Bab Sebta: the tablet's session ends at once.
    const tablet = await server.request('POST', '/api/auth/login', undefined, { username: 'amina.b', password: 'a-long-password' });
    expect(tablet.status).toBe(200);
    await row.locator('[data-testid=user-edit]').click();
    await page.locator('tr [data-testid=user-sites]').selectOption(['bab-sebta']);
    await page.locator('tr [data-testid=user-save]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="user-amina.b"]')?.textContent?.includes('Bab Sebta'));
    expect((await server.request('GET', '/api/alerts', tablet.body.accessToken)).status).toBe(401);

    await row.locator('[data-testid=user-toggle]').click();
    await page.waitForSelector('[data-testid="user-amina.b"][data-active=false]');
    expect((await server.request('POST', '/api/auth/login', undefined, { username: 'amina.b', password: 'a-long-password' })).status).toBe(401);
    await shot(page, 'users-1366x768');

    // The audit log shows who changed the account, and the refused sign-in.
    await page.click('[data-testid=nav-audit]');
    await page.fill('[data-testid=audit-actor]', 'admin');
    await page.selectOption('[data-testid=audit-kind]', 'account_updated');
    await page.click('[data-testid=audit-search]');
    // The filtered page replaces the whole list: wait until only its two entries are shown, not just until two are among others.
    await page.waitForFunction(() => {
      const entries = [...document.querySelectorAll<HTMLElement>('[data-testid=audit-entry]')];
      return entries.length === 2 && entries.every((e) => e.dataset.kind === 'account_updated');
    });
    expect(await page.locator('[data-testid=audit-entry]').first().textContent()).toContain('amina.b');
    await page.fill('[data-testid=audit-actor]', 'amina.b');
    await page.selectOption('[data-testid=audit-kind]', 'sign_in_failed');
    // Refused sign-ins are written by the audit buffer's next flush: ask again until it came.
    const refused = page.locator('[data-testid=audit-entry][data-kind=sign_in_failed]');
    await expect
      .poll(async () => {
        // Counted once the page has the answer to this search (and has drawn it), not after a fixed time.
        const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/audit');
        await page.click('[data-testid=audit-search]');
        await (await answered).finished();
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
        return refused.count();
      }, { timeout: 20_000 })
      .toBeGreaterThan(0);
    await shot(page, 'audit-1366x768');
    expect(pageErrors).toEqual([]);
  });
});
