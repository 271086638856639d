import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '../../simulator/random.js';
import { forecastSeries, MIN_HISTORY_HOURS, roundFigure } from './forecast-model.js';

/** Hourly people with a known shape: busy afternoons, busier weekends, a rising trend, and noise. */
function syntheticSeries(hours: number, seed: string): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: hours }, (_, t) => {
    const hour = t % 24;
    const weekday = Math.floor(t / 24) % 7;
    const daily = 1 + 0.8 * Math.sin((2 * Math.PI * (hour - 8)) / 24);
    const weekly = weekday >= 5 ? 1.4 : 1;
    const trend = 1 + t / 2000;
    return Math.round(200 * daily * weekly * trend * (1 + 0.15 * (random() - 0.5)));
  });
}

/** Mean absolute error scaled by the in-sample error of the same hour the day before (MASE). */
function mase(actual: number[], predicted: number[], history: number[]): number {
  let scale = 0;
  for (let t = 24; t < history.length; t++) scale += Math.abs(history[t] - history[t - 24]);
  scale /= history.length - 24;
  return actual.reduce((sum, a, h) => sum + Math.abs(a - predicted[h]), 0) / actual.length / scale;
}

describe('forecastSeries', () => {
  const horizon = 24;

  it('should beat seasonal naive on a daily and weekly shape with a trend', () => {
    const sutErrors: number[] = [];
    const weeklyNaiveErrors: number[] = [];
    for (const seed of ['a', 'b', 'c']) {
      const series = syntheticSeries(28 * 24 + horizon, seed);
      const history = series.slice(0, -horizon);
      const actual = series.slice(-horizon);
      const sut = forecastSeries(history, horizon).map((f) => f.expected);
      const weeklyNaive = actual.map((_, h) => history[history.length - 168 + h]);
      sutErrors.push(mase(actual, sut, history));
      weeklyNaiveErrors.push(mase(actual, weeklyNaive, history));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(sutErrors)).toBeLessThan(0.8 * mean(weeklyNaiveErrors));
  });

  it('should give whole, non-negative people with low <= expected <= high', () => {
    const history = syntheticSeries(MIN_HISTORY_HOURS, 'd').map((v, t) => (t % 24 < 6 ? 0 : v));
    const sut = forecastSeries(history, 48);
    expect(sut).toHaveLength(48);
    for (const f of sut) {
      expect(Number.isInteger(f.expected) && Number.isInteger(f.low) && Number.isInteger(f.high)).toBe(true);
      expect(f.low).toBeGreaterThanOrEqual(0);
      expect(f.low).toBeLessThanOrEqual(f.expected);
      expect(f.expected).toBeLessThanOrEqual(f.high);
    }
  });

  it('should expect nobody where nobody came for four weeks', () => {
    expect(forecastSeries(new Array<number>(MIN_HISTORY_HOURS).fill(0), 3)).toEqual(new Array(3).fill({ expected: 0, low: 0, high: 0 }));
  });

  it('should refuse a history shorter than two weeks', () => {
    expect(() => forecastSeries(syntheticSeries(MIN_HISTORY_HOURS - 1, 'e'), 12)).toThrow(RangeError);
  });
});

describe('roundFigure', () => {
  it('should keep the interval around the rounded expected value', () => {
    expect(roundFigure(-3, -10, 2.2)).toEqual({ expected: 0, low: 0, high: 3 });
    expect(roundFigure(10.4, 10.45, 10.2)).toEqual({ expected: 10, low: 10, high: 11 });
  });
});
