import { afterAll, describe, expect, it } from '@jest/globals';
import { MIN_HISTORY_HOURS } from './forecast-model.js';
import { ForecastPool } from './forecast-pool.js';

describe(ForecastPool.name, () => {
  const sut = new ForecastPool();
  afterAll(() => sut.onApplicationShutdown());

  it('should fit in a worker thread and answer both directions', async () => {
    const series = Array.from({ length: MIN_HISTORY_HOURS }, (_, t) => 50 + 40 * Math.sin((2 * Math.PI * t) / 24));
    const result = await sut.run({ kind: 'fit', arrivals: series, departures: series.map((v) => v / 2), horizon: 6 });
    expect(result.arrivals).toHaveLength(6);
    expect(result.departures).toHaveLength(6);
    expect(result.arrivals[0].expected).toBeGreaterThan(result.departures[0].expected);
    expect(result.fitMs).toBeGreaterThan(0);
  });

  it('should refuse work once shut down', async () => {
    const closed = new ForecastPool();
    await closed.onApplicationShutdown();
    await expect(closed.run({ kind: 'fit', arrivals: [], departures: [], horizon: 1 })).rejects.toThrow('shut down');
  });
});
