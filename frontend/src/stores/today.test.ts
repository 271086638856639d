import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Forecast } from '@marhaba/shared';
import { ALL_SITES, FORECAST_RETRY_MS, useTodayStore } from './today';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const forecast: Forecast = {
  generatedAt: '2024-08-28T14:20:00Z', siteId: null, method: 'mstl-ets',
  hours: [{ start: '2024-08-28T15:00:00.000Z', arrivals: { expected: 10, low: 5, high: 20 }, departures: { expected: 4, low: 2, high: 8 } }],
};

describe('useTodayStore', () => {
  let sut: ReturnType<typeof useTodayStore>;

  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    sut = useTodayStore();
  });
  afterEach(() => {
    sut.reset();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('should fetch the forecast of a watched key, and ask again soon when there was none yet', async () => {
    const fetch = vi.fn(async (url: string) => {
      if (!url.startsWith('/api/forecast')) return json({ day: '2024-08-28', siteId: null, hours: [], byMode: {}, busStaging: [], previous: null });
      const calls = fetch.mock.calls.filter(([u]) => String(u).startsWith('/api/forecast')).length;
      return calls === 1 ? json({ statusCode: 503, error: 'Service Unavailable', code: 'unavailable', message: 'no forecast yet' }, 503) : json(forecast);
    });
    vi.stubGlobal('fetch', fetch);
    sut.watch(ALL_SITES);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/forecast?hours=24', expect.anything()));
    expect(sut.forecasts[ALL_SITES]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(FORECAST_RETRY_MS);
    await vi.waitFor(() => expect(sut.forecasts[ALL_SITES]).toEqual(forecast));
  });

  it('should forget the forecast and stop asking once nobody watches', async () => {
    const fetch = vi.fn(async (url: string) => json(url.startsWith('/api/forecast') ? { ...forecast, siteId: 'nador' } : { hours: [] }));
    vi.stubGlobal('fetch', fetch);
    const stop = sut.watch('nador');
    await vi.waitFor(() => expect(sut.forecasts.nador?.siteId).toBe('nador'));
    expect(fetch).toHaveBeenCalledWith('/api/forecast?siteId=nador&hours=24', expect.anything());
    stop();
    expect(sut.forecasts.nador).toBeUndefined();
    const calls = fetch.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fetch.mock.calls.length).toBe(calls);
  });
});
