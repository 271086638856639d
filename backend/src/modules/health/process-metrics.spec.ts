import { afterEach, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/config.js';
import { waitFor } from '../../../test/support/wait.js';
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
    // The monitor records the stall at its next sample, once the loop is free again.
    await waitFor('the stall in the histogram', () => sut.read(false).eventLoopDelayMs.max >= 35, 1_000, 1);
    expect(sut.read(false).eventLoopDelayMs.max).toBeGreaterThanOrEqual(35);
  });
});
