import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, MSTL } from '@bsull/augurs/mstl';
import { FORECAST_INTERVAL_LEVEL, type ForecastFigure } from '@marhaba/shared';

/** Seasons of an hourly series: the day and the week. */
export const SEASON_PERIODS = [24, 168] as const;
/** The model needs two whole weeks to tell the weekly season from the trend; with less, a fallback answers. */
export const MIN_HISTORY_HOURS = 14 * 24;
/** Older hours add fitting time and little else: the season changes from week to week. */
export const MAX_HISTORY_HOURS = 28 * 24;

let loaded = false;

/** augurs is WebAssembly: compiled once per thread (each worker thread has its own instance). */
function loadAugurs(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('@bsull/augurs/mstl').replace(/mstl\.js$/, 'mstl_bg.wasm');
  initSync({ module: readFileSync(wasm) });
  loaded = true;
}

/** People are counted whole and never negative; the interval holds the expected value. */
export function roundFigure(expected: number, low: number, high: number): ForecastFigure {
  const e = Math.max(0, Math.round(expected));
  return { expected: e, low: Math.min(e, Math.max(0, Math.floor(low))), high: Math.max(e, Math.ceil(high)) };
}

/**
 * The next `horizon` hours of an hourly series of people (oldest first, ending at the last whole hour),
 * with the 80 % prediction interval. Fitted on log(1 + people): traffic is a multiple of a daily and a weekly
 * shape rather than a sum, bursts (a ferry unloading) are skewed, and the back-transform cannot go negative.
 */
export function forecastSeries(history: readonly number[], horizon: number, level = FORECAST_INTERVAL_LEVEL): ForecastFigure[] {
  if (history.length < MIN_HISTORY_HOURS) throw new RangeError(`needs ${MIN_HISTORY_HOURS} hours of history, got ${history.length}`);
  loadAugurs();
  const y = Float64Array.from(history.slice(-MAX_HISTORY_HOURS), (v) => Math.log1p(Math.max(0, v)));
  const model = MSTL.ets(Uint32Array.from(SEASON_PERIODS));
  try {
    model.fit(y);
    const { point, intervals } = model.predict(horizon, level);
    return point.map((p, h) => roundFigure(Math.expm1(p), Math.expm1(intervals?.lower[h] ?? p), Math.expm1(intervals?.upper[h] ?? p)));
  } finally {
    model.free();
  }
}
