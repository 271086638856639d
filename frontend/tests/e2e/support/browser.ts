import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser build); CHROMIUM_PATH points elsewhere if needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results');

/**
 * Whether the browser suite can run. In CI a missing Chromium is a failure, never a skip;
 * on a developer's machine the suite is skipped with a loud message.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: CI must run the browser tests (apt-get install chromium)`);
  console.warn(`\n!!! BROWSER TESTS SKIPPED: Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH) !!!\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Requests to any other host than the console's: the console must work with no internet. */
  outside: string[];
  /** Uncaught script errors in the page. */
  pageErrors: string[];
}

/** A page at 1366×768 (the smallest screen the console is made for) that records requests elsewhere and script errors. */
export async function openPage(browser: Browser, baseUrl: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, ...options });
  const watched: WatchedPage = { page, outside: [], pageErrors: [] };
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) watched.outside.push(url);
  });
  return watched;
}

/** Signs in through the login form, where the page must already be. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.waitForURL('**/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'marhaba');
  await page.press('input[name=password]', 'Enter');
}

/** A displayed number back to a number, whatever the locale's grouping. */
export const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));
