import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import type { Forecast, TodayDetail } from '@marhaba/shared';
import { fetchForecast } from '../api/forecast';
import { fetchToday } from '../api/live';

/** Key of the whole operation (every site the user may see). */
export const ALL_SITES = '*';

/** A burst of traffic deltas refreshes a detail at most this often. */
export const REFRESH_INTERVAL_MS = 2_000;

/** Forecasts are refitted every quarter of an hour or so, and move on with each hour: a watched key asks again this often. */
export const FORECAST_REFRESH_MS = 5 * 60_000;
/** How soon to ask again when there was no forecast (before the server's first refit) or no network. */
export const FORECAST_RETRY_MS = 20_000;
/** Hours of forecast asked for: enough to reach the end of today from any hour. */
export const FORECAST_HOURS = 24;

/**
 * Today in detail (hours, modes, bus staging, previous edition) and the forecast of its coming hours,
 * for the views that show it. Only
 * watched keys are fetched, and live traffic on a site refreshes them at most every few seconds.
 */
export const useTodayStore = defineStore('today', () => {
  const details = ref<Record<string, TodayDetail>>({});
  /** When the request behind each detail was sent (epoch ms): the detail includes every write acknowledged before. */
  const asOf = ref<Record<string, number>>({});
  const watchers = new Map<string, number>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastFetch = new Map<string, number>();
  const forecasts = ref<Record<string, Forecast>>({});
  const forecastTimers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Fetches a watched key's forecast, then again after a while: sooner when there was none to get. */
  async function refreshForecast(key: string): Promise<void> {
    let next = FORECAST_REFRESH_MS;
    try {
      const forecast = await fetchForecast(key === ALL_SITES ? null : key, FORECAST_HOURS);
      if (watchers.has(key)) forecasts.value[key] = forecast;
    } catch {
      // None yet (before the first refit) or the network: the chart shows what was counted meanwhile.
      next = FORECAST_RETRY_MS;
    }
    clearTimeout(forecastTimers.get(key));
    if (watchers.has(key)) forecastTimers.set(key, setTimeout(() => void refreshForecast(key), next));
  }

  async function refresh(key: string): Promise<void> {
    const started = Date.now();
    lastFetch.set(key, started);
    try {
      const detail = await fetchToday(key === ALL_SITES ? null : key);
      if (watchers.has(key)) {
        details.value[key] = detail;
        asOf.value[key] = started;
      }
    } catch {
      // The next traffic delta or the periodic refresh tries again; the last figures stay on screen.
    }
  }

  function schedule(key: string): void {
    if (!watchers.has(key) || timers.has(key)) return;
    const wait = Math.max(0, (lastFetch.get(key) ?? 0) + REFRESH_INTERVAL_MS - Date.now());
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void refresh(key);
      }, wait),
    );
  }

  /** Starts keeping `key` current; returns the function that stops. */
  function watch(key: string): () => void {
    watchers.set(key, (watchers.get(key) ?? 0) + 1);
    if (watchers.get(key) === 1) {
      void refresh(key);
      void refreshForecast(key);
    }
    return () => {
      const left = (watchers.get(key) ?? 1) - 1;
      if (left > 0) return void watchers.set(key, left);
      watchers.delete(key);
      clearTimeout(timers.get(key));
      timers.delete(key);
      delete details.value[key];
      delete asOf.value[key];
      clearTimeout(forecastTimers.get(key));
      forecastTimers.delete(key);
      delete forecasts.value[key];
    };
  }

  /** Traffic changed at a site: its detail and the overall one are due for a refresh. */
  function touch(siteId: string): void {
    schedule(siteId);
    schedule(ALL_SITES);
  }

  /** After a reconnect: everything watched may be behind. */
  function touchAll(): void {
    for (const key of watchers.keys()) schedule(key);
  }

  function reset(): void {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    watchers.clear();
    details.value = {};
    asOf.value = {};
    for (const timer of forecastTimers.values()) clearTimeout(timer);
    forecastTimers.clear();
    forecasts.value = {};
  }

  return { details, asOf, forecasts, watch, touch, touchAll, reset };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTodayStore, import.meta.hot));
