import { afterEach, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/config.js';
import { ProcessMetricsService } from './process-metrics.js';

const withSample = (eventLoopSampleMs: number) => new ProcessMetricsService({ eventLoopSampleMs } as AppConfig);
const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ProcessMetricsService', () => {
  let sut: ProcessMetricsService;
  afterEach(() => sut.onModuleDestroy());

  it('should read an idle loop as almost no delay, not as the sampling period', async () => {
    sut = withSample(10);
    await idle(120); // the idle spell under test: a dozen samples
    const { eventLoopDelayMs } = sut.read(false);
    expect(eventLoopDelayMs.p50).toBeLessThan(5);
  });

  it('should read a stall of the loop as the time it held the loop', async () => {
    sut = withSample(1);
    await idle(5); // the monitor's first tick only starts its clock
    const start = performance.now();
    while (performance.now() - start < 40); // the stall under test
    // Not a wait but an order: the monitor's sample was due during the stall, before this 1 ms timer, so
    // libuv runs it first in the same timers phase. (Resetting the histogram instead drops that sample.)
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(sut.read(false).eventLoopDelayMs.max).toBeGreaterThanOrEqual(35);
  });
});
