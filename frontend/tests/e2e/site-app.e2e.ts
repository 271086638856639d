import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../../backend/test/support/server-process';
import { chromiumAvailable, launchChromium, SCREENSHOTS } from './support/browser';
import { startConsoleServer } from './support/server';

const TABLETS = { portrait: { width: 800, height: 1280 }, landscape: { width: 1280, height: 800 }, small: { width: 1024, height: 768 } } as const;

type Flow = { people: number; vehicles: number };
type ModeFlows = Record<'arrival' | 'departure', Record<string, Flow>>;

/** Counts planned as [direction, mode, taps]; people per tap are the app's defaults (car 4, bus 50, minibus 15, motorcycle 2, foot 1). */
const COUNTS: [direction: 'arrival' | 'departure', mode: string, taps: number][] = [
  ['arrival', 'car', 20],
  ['arrival', 'bus', 5],
  ['arrival', 'foot', 10],
  ['departure', 'minibus', 5],
  ['departure', 'motorcycle', 10],
];
const PEOPLE: Record<string, number> = { car: 4, bus: 50, minibus: 15, motorcycle: 2, foot: 1 };

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'marhaba');
  await page.press('input[name=password]', 'Enter');
  await page.waitForURL('**/site');
  // The site's counting pad appears once its sites are known.
  await page.waitForSelector('.modes .mode');
}

/** Waits until the service worker has precached the app shell and taken over. */
const shellInstalled = (page: Page) => page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated');

/** Waits until the outbox holds exactly `count` items. */
const waiting = (page: Page, count: number, timeout = 30_000) => page.waitForSelector(`[data-testid=sync-status][data-waiting="${count}"]`, { timeout });

async function count(page: Page, direction: 'arrival' | 'departure', mode: string, taps: number): Promise<void> {
  await page.click(`[data-testid=direction-${direction}]`);
  for (let i = 0; i < taps; i++) await page.click(`[data-testid=count-${mode}]`);
}

async function logCase(page: Page, category: string, subcategory: string, priority: string, summary: string): Promise<void> {
  await page.click('[data-testid=new-case]');
  await page.click(`[data-testid=category-${category}]`);
  await page.click(`[data-testid=subcategory-${subcategory}]`);
  await page.click(`[data-testid=priority-${priority}]`);
  await page.fill('[data-testid=case-summary]', summary);
  await page.click('[data-testid=case-save]');
  await page.waitForSelector('[data-testid=case-form]', { state: 'detached' });
}

describe.skipIf(!chromiumAvailable())('site assistant app in Chromium, on the real backend', () => {
  let server: ServerProcess;
  let stopServer: () => Promise<void>;
  let browser: Browser;
  let coordinator: string;
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [started] = await Promise.all([startConsoleServer(), launchChromium().then((b) => (browser = b))]);
    ({ server, stop: stopServer } = started);
    coordinator = await server.login('coordinator');
  });
  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await stopServer?.();
  });

  async function tablet(size: keyof typeof TABLETS, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: TABLETS[size], hasTouch: true, ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  const byMode = async (siteId: string): Promise<ModeFlows> => (await server.request('GET', `/api/live/today?siteId=${siteId}`, coordinator)).body.byMode.today;
  const casesAt = async (siteId: string): Promise<{ id: string; category: string; status: string; version: number }[]> =>
    (await server.request('GET', `/api/cases?siteId=${siteId}&limit=200`, coordinator)).body.items;
  const snapshotSite = async (siteId: string) => (await server.request('GET', '/api/live/snapshot', coordinator)).body.sites.find((s: { siteId: string }) => s.siteId === siteId);

  it('should log 20 cases and 50 counts offline, open again offline from the service worker, and deliver each once', async () => {
    const { context, page } = await tablet('portrait');
    await signIn(page, server.baseUrl, 'assistant-tanger-med');
    await page.waitForSelector('[data-testid=site-name]:text-is("Tanger Med")');
    await shellInstalled(page);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await shot(page, 'site-800x1280-count');

    await context.setOffline(true);
    await page.waitForSelector('[data-testid=sync-status][data-state=offline]');
    for (const [direction, mode, taps] of COUNTS) await count(page, direction, mode, taps);
    await waiting(page, 50);
    expect(await page.textContent('[data-testid=total-arrival]')).toBe(String(20 * 4 + 5 * 50 + 10));

    await page.click('[data-testid=tab-cases]');
    for (let i = 0; i < 15; i++) await page.click('[data-testid=log-inquiry]');
    await logCase(page, 'medical', 'first_aid', 'high', 'Malaise dans la file d’attente');
    await logCase(page, 'customs', 'vehicle_import', 'normal', 'Question sur l’admission temporaire');
    await logCase(page, 'administrative', 'identity_documents', 'normal', 'Passeport expiré');
    await logCase(page, 'transport', 'missed_crossing', 'low', 'Traversée manquée, billet pour demain');
    await logCase(page, 'medical', 'emergency', 'critical', 'Douleur thoracique, ambulance appelée');
    // 50 counts, 15 inquiries (each a case and its resolution), 5 other cases.
    await waiting(page, 50 + 15 * 2 + 5);
    expect(await page.locator('[data-testid=site-case][data-status=open] [data-testid=case-pending]').count()).toBe(5);
    await shot(page, 'site-800x1280-cases-offline');

    // Nothing reached the server while offline.
    expect(await casesAt('tanger-med')).toEqual([]);
    expect(await byMode('tanger-med')).toEqual({ arrival: {}, departure: {} });

    // A reload with no network: the service worker serves the app, IndexedDB still holds the outbox.
    await page.reload();
    await waiting(page, 85);
    expect(await page.getAttribute('[data-testid=sync-status]', 'data-state')).toBe('offline');
    expect(await page.textContent('[data-testid=total-arrival]')).toBe(String(20 * 4 + 5 * 50 + 10));

    const posted: string[] = [];
    context.on('request', (r) => r.method() === 'POST' && posted.push(new URL(r.url()).pathname));
    await context.setOffline(false);
    await waiting(page, 0);
    expect(await page.textContent('[data-testid=last-sync]')).not.toContain('Aucun');
    // The five cases logged one after the other went in one request.
    expect(posted).toContain('/api/cases/batch');

    const cases = await casesAt('tanger-med');
    expect(cases).toHaveLength(20);
    expect(new Set(cases.map((c) => c.id)).size).toBe(20);
    expect(cases.filter((c) => c.category === 'information').map((c) => c.status)).toEqual(Array(15).fill('resolved'));
    expect(cases.filter((c) => c.category !== 'information').map((c) => c.status)).toEqual(Array(5).fill('open'));

    const expected: ModeFlows = { arrival: {}, departure: {} };
    for (const [direction, mode, taps] of COUNTS) expected[direction][mode] = { people: taps * PEOPLE[mode], vehicles: mode === 'foot' ? 0 : taps };
    // Each tap is one vehicle, or one person on foot: 50 counts, none twice.
    expect(await byMode('tanger-med')).toEqual(expected);

    // The coordinator's snapshot shows them.
    const site = await snapshotSite('tanger-med');
    expect(site.today).toEqual({ arrivals: { people: 340, vehicles: 25 }, departures: { people: 95, vehicles: 15 } });
    expect(site.openCases).toMatchObject({ medical: 2, customs: 1, administrative: 1, transport: 1, information: 0 });
    await page.click('[data-testid=tab-count]');
    await page.waitForFunction(() => document.querySelector('[data-testid=total-departure]')?.textContent === '95');
    expect(await page.locator('[data-testid=queued-part]').count()).toBe(0);
    await shot(page, 'site-800x1280-synced');
  });

  it('should not count twice when the acknowledgements are lost after the server committed', async () => {
    // page.route does not see requests a service worker handles: this test is about the sync, not the shell.
    const { context, page } = await tablet('landscape', { serviceWorkers: 'block' });
    const answers: { path: string; status: number; body: any }[] = [];
    const dropped: Record<string, number> = {};
    // The request reaches the real server and commits; the first two answers of each kind never come back.
    await context.route(/\/api\/(movements|cases)(\/[^/]+)?$/, async (route) => {
      if (route.request().method() === 'GET') return route.fallback();
      const kind = `${route.request().method()} ${new URL(route.request().url()).pathname.replace(/[0-9a-f-]{36}$/, ':id')}`;
      const response = await route.fetch();
      answers.push({ path: kind, status: response.status(), body: await response.json() });
      dropped[kind] = (dropped[kind] ?? 0) + 1;
      if (dropped[kind] <= 2) await route.abort('connectionreset');
      else await route.fulfill({ response });
    });
    await signIn(page, server.baseUrl, 'assistant-bab-sebta');
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await count(page, 'departure', 'car', 6);
    await waiting(page, 6);
    await waiting(page, 0, 45_000);
    await count(page, 'arrival', 'minibus', 2);
    await waiting(page, 2);
    await waiting(page, 0, 45_000);
    await page.click('[data-testid=tab-cases]');
    for (let i = 0; i < 3; i++) await page.click('[data-testid=log-inquiry]');
    await waiting(page, 6);
    await waiting(page, 0, 60_000);

    const movements = answers.filter((a) => a.path === 'POST /api/movements');
    // First batch: committed (answer lost), resent as duplicates (answer lost), resent again and answered.
    expect(movements.slice(0, 3).map((a) => a.body)).toEqual([
      { accepted: 6, duplicates: 0 },
      { accepted: 0, duplicates: 6 },
      { accepted: 0, duplicates: 6 },
    ]);
    expect(answers.filter((a) => a.path === 'POST /api/cases').map((a) => a.status).slice(0, 3)).toEqual([201, 200, 200]);
    expect(answers.some((a) => a.path === 'PATCH /api/cases/:id')).toBe(true);

    expect(await byMode('bab-sebta')).toEqual({ arrival: { minibus: { people: 30, vehicles: 2 } }, departure: { car: { people: 24, vehicles: 6 } } });
    const cases = await casesAt('bab-sebta');
    expect(cases.map((c) => [c.category, c.status, c.version])).toEqual(Array(3).fill(['information', 'resolved', 2]));
    // The totals on screen count each acknowledged movement once, while and after the figures catch up.
    await page.click('[data-testid=tab-count]');
    await page.waitForFunction(() => document.querySelector('[data-testid=total-arrival]')?.textContent === '30');
    // The figures have caught up once the tablet shows a later movement from elsewhere (the server's figures
    // then hold everything the tablet sent): each acknowledged movement must still count once.
    const later = { id: randomUUID(), siteId: 'bab-sebta', direction: 'departure', mode: 'car', people: 1, vehicles: 1, occurredAt: new Date().toISOString() };
    expect((await server.request('POST', '/api/movements', coordinator, { movements: [later] })).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('[data-testid=total-departure]')?.textContent !== '24');
    expect(await page.textContent('[data-testid=total-arrival]')).toBe('30');
    expect(await page.textContent('[data-testid=total-departure]')).toBe('25');
    await shot(page, 'site-1280x800-count');
  });

  it('should report holding-area occupancy, count planes at airports and feed bus staging at rest areas', async () => {
    const { page } = await tablet('small');
    await signIn(page, server.baseUrl, 'assistant-nador');
    await page.click('[data-testid=tab-holding]');
    await page.fill('[data-testid=holding-vehicles]', '640');
    await page.fill('[data-testid=holding-wait]', '240');
    await page.click('[data-testid=holding-send]');
    await waiting(page, 1);
    await waiting(page, 0);
    await expect.poll(async () => (await snapshotSite('nador')).holding, { timeout: 10_000 }).toMatchObject({ vehiclesWaiting: 640, estimatedWaitMinutes: 240 });
    await page.waitForFunction(() => document.querySelector('[data-testid=holding-last]')?.textContent?.includes('640'));
    await shot(page, 'site-1024x768-holding');
    // Airports count planes only; rest areas and ports never do.
    const airport = await tablet('small');
    await signIn(airport.page, server.baseUrl, 'assistant-casablanca-mohammed-v');
    expect(await airport.page.$$eval('.mode', (modes) => modes.map((m) => m.getAttribute('data-mode')))).toEqual(['plane']);
    await count(airport.page, 'arrival', 'plane', 1);
    await waiting(airport.page, 1);
    await waiting(airport.page, 0);
    expect((await byMode('casablanca-mohammed-v')).arrival).toEqual({ plane: { people: 150, vehicles: 0 } });
    // Buses and minibuses counted at the Méditerranée rest area feed bus staging.
    const restArea = await tablet('landscape');
    await signIn(restArea.page, server.baseUrl, 'assistant-mediterranee');
    await count(restArea.page, 'departure', 'bus', 2);
    await count(restArea.page, 'departure', 'minibus', 1);
    await waiting(restArea.page, 3);
    await waiting(restArea.page, 0);
    const today = (await server.request('GET', '/api/live/today?siteId=mediterranee', coordinator)).body;
    expect(today.busStaging).toEqual([{ siteId: 'mediterranee', passengers: 115, buses: 2, minibuses: 1 }]);
  });

  it('should show a change the server refuses, and keep the outbox through a session ended elsewhere', async () => {
    const id = randomUUID();
    const assistant = await server.login('assistant-tanger-med');
    const created = { id, siteId: 'tanger-med', category: 'administrative', priority: 'normal', summary: 'Carte consulaire perdue', openedAt: new Date().toISOString() };
    expect((await server.request('POST', '/api/cases', assistant, created)).status).toBe(201);
    const { context, page } = await tablet('small');
    await signIn(page, server.baseUrl, 'assistant-tanger-med');
    await shellInstalled(page);
    await page.click('[data-testid=tab-cases]');
    const item = page.locator('[data-testid=site-case]', { hasText: 'Carte consulaire perdue' });
    await item.waitFor();

    // Offline, the assistant takes the case over while the coordinator assigns it: the assistant's change is stale.
    await context.setOffline(true);
    await item.locator('[data-testid=case-in_progress]').click();
    await waiting(page, 1);
    expect((await server.request('PATCH', `/api/cases/${id}`, coordinator, { version: 1, assignee: 'coordinator' })).status).toBe(200);

    // Counts made offline, then the session ends (signed out by an admin) and the tablet reloads.
    await page.click('[data-testid=tab-count]');
    await count(page, 'arrival', 'motorcycle', 3);
    await waiting(page, 4);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('marhaba.session')!).token as string);
    expect((await server.request('POST', '/api/auth/logout', stored)).status).toBe(204);
    await page.reload();
    await waiting(page, 4);
    await context.setOffline(false);
    await page.waitForSelector('[data-testid=session-expired]');
    expect(await page.textContent('[data-testid=session-expired]')).toContain('4');
    await shot(page, 'site-1024x768-session-expired');
    await page.fill('[data-testid=relogin-password]', 'marhaba');
    await page.click('[data-testid=relogin]');
    await waiting(page, 0);

    const rejected = page.locator('[data-testid=rejected-item]');
    await rejected.waitFor();
    expect(await rejected.getAttribute('data-status')).toBe('409');
    expect(await rejected.textContent()).toContain('stale version');
    expect((await byMode('tanger-med')).arrival.motorcycle).toEqual({ people: 6, vehicles: 3 });
    expect((await server.request('GET', `/api/cases/${id}`, coordinator)).body).toMatchObject({ status: 'open', assignee: 'coordinator', version: 2 });
    await shot(page, 'site-1024x768-rejected');
    await page.click('[data-testid=rejected-dismiss]');
    await rejected.waitFor({ state: 'detached' });
  });

  it('should lay the app out right to left in Arabic, undo a tap not sent, and erase the outbox at logout', async () => {
    const { context, page } = await tablet('portrait');
    await signIn(page, server.baseUrl, 'assistant-tanger-med');
    await page.selectOption('[data-testid=language]', 'ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await context.setOffline(true);
    await count(page, 'arrival', 'car', 3);
    await waiting(page, 3);
    // A tap not sent yet can be undone: it leaves the outbox.
    await page.locator('[data-testid=undo]').first().click();
    await waiting(page, 2);
    expect(await page.locator('[data-testid=recent-tap][data-state=undone]').count()).toBe(1);
    await shot(page, 'site-800x1280-arabic');
    await page.click('[data-testid=logout]');
    await page.click('[data-testid=logout-confirmed]');
    await page.waitForURL('**/login');
    const left = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(left.filter((name) => name?.startsWith('marhaba-outbox'))).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('marhaba.assistant') || k === 'marhaba.session'))).toEqual([]);
    await context.setOffline(false);
  });
});
