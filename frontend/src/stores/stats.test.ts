import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SeasonStats } from '@marhaba/shared';
import { configureHttp } from '../api/http';
import { useStatsStore } from './stats';

const editions = [
  { year: 2023, startsOn: '2023-06-05', endsOn: '2023-09-15' },
  { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' },
];
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const seasonOf = (year: number, arrivals: number) => ({ year, arrivals: { people: arrivals } }) as unknown as SeasonStats;

/** A fake API: editions, then each statistics request answered by `stats(url)`. */
function api(stats: (url: URL) => Response | Promise<Response>) {
  const fetch = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://console.test');
    return url.pathname === '/api/editions' ? json(editions) : stats(url);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('useStatsStore', () => {
  let sut: ReturnType<typeof useStatsStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    configureHttp({ token: async () => 'jwt-token', renew: async () => false, onUnauthorized: () => {} });
    sut = useStatsStore();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('should load the latest edition by default, with the token in a header only', async () => {
    const fetch = api((url) => json(seasonOf(Number(url.pathname.split('/').pop()), 232)));
    await sut.select({});
    expect(sut.selection).toEqual({ year: 2024, from: null, to: null, siteId: null });
    expect(sut.years).toEqual([2024, 2023]);
    expect(sut.edition).toEqual(editions[1]);
    expect(sut.stats?.arrivals.people).toBe(232);
    const [url, init] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(url).toBe('/api/stats/season/2024');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer jwt-token');
    expect(fetch.mock.calls.every(([u]) => !String(u).includes('jwt-token'))).toBe(true);
  });

  it('should send the filters, and not ask again for the selection it shows', async () => {
    const fetch = api(() => json(seasonOf(2024, 3)));
    await sut.select({ year: '2024', from: '2024-08-01', to: '2024-08-31', siteId: 'nador' });
    expect(fetch.mock.calls[1][0]).toBe('/api/stats/season/2024?from=2024-08-01&to=2024-08-31&siteId=nador');
    await sut.select({ year: 2024, from: '2024-08-01', to: '2024-08-31', siteId: 'nador' });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('should keep the answer of the last selection when an earlier one answers late', async () => {
    let releaseSlow!: () => void;
    api((url) => {
      if (url.searchParams.get('siteId') !== 'nador') return json(seasonOf(2024, 9));
      return new Promise<Response>((resolve) => (releaseSlow = () => resolve(json(seasonOf(2024, 1)))));
    });
    const slow = sut.select({ siteId: 'nador' });
    await vi.waitFor(() => expect(releaseSlow).toBeDefined());
    await sut.select({ siteId: null });
    releaseSlow();
    await slow;
    expect(sut.selection?.siteId).toBeNull();
    expect(sut.stats?.arrivals.people).toBe(9);
    expect(sut.loading).toBe(false);
  });

  it('should say what the server found wrong and show no figures of another selection', async () => {
    api((url) => (url.searchParams.has('siteId') ? json({ statusCode: 400, error: 'Bad Request', message: 'siteId: unknown site atlantis' }, 400) : json(seasonOf(2024, 5))));
    await sut.select({});
    await sut.select({ siteId: 'atlantis' });
    expect(sut.error).toBe('siteId: unknown site atlantis');
    expect(sut.stats).toBeNull();
    await sut.select({});
    expect(sut.error).toBeNull();
    expect(sut.stats?.arrivals.people).toBe(5);
  });

  it('should export the selection shown in the language asked for, named as the server names it', async () => {
    const csv = '\uFEFFRubrique,Élément\r\n';
    const fetch = api((url) =>
      url.pathname.endsWith('.csv') ? new Response(csv, { headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="marhaba-2024-stats-nador-ar.csv"' } }) : json(seasonOf(2024, 3)),
    );
    await sut.select({ siteId: 'nador' });
    const file = await sut.exportFile('csv', 'ar');
    const [url, init] = fetch.mock.calls[2] as unknown as [string, RequestInit];
    expect(url).toBe('/api/stats/season/2024/export.csv?siteId=nador&lang=ar');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer jwt-token');
    expect(file?.filename).toBe('marhaba-2024-stats-nador-ar.csv');
    expect(await file?.blob.text()).toBe(csv);
    expect(sut.exporting).toBeNull();
  });

  it('should report a failed export without losing the figures', async () => {
    api((url) => (url.pathname.endsWith('.pdf') ? json({ statusCode: 503, error: 'Service Unavailable', message: 'database unavailable' }, 503) : json(seasonOf(2024, 3))));
    await sut.select({});
    expect(await sut.exportFile('pdf', 'fr')).toBeNull();
    expect(sut.exportError).toBe('database unavailable');
    expect(sut.stats?.arrivals.people).toBe(3);
  });
});
