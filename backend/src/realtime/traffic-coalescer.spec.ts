import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { TrafficCoalescer } from './traffic-coalescer.js';

const WINDOW_MS = 250;

describe(TrafficCoalescer.name, () => {
  let now: number;
  let flush: jest.Mock<(siteIds: string[]) => Promise<boolean>>;
  let sut: TrafficCoalescer;

  beforeEach(() => {
    jest.useFakeTimers();
    now = 1_000_000;
    flush = jest.fn(async () => true);
    sut = new TrafficCoalescer(WINDOW_MS, flush, () => now);
  });
  afterEach(() => {
    sut.stop();
    jest.useRealTimers();
  });

  /** Moves the injected clock and the timers together, and lets the flush's promises settle. */
  const advance = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('should flush a change after a quiet spell at once', async () => {
    sut.markDirty(['nador']);
    await advance(0);
    expect(flush).toHaveBeenCalledWith(['nador']);
  });

  it('should merge the changes of a busy spell into one flush at the end of the window', async () => {
    sut.markDirty(['nador']);
    await advance(0);
    await advance(100);
    sut.markDirty(['jebha']);
    sut.markDirty(['nador', 'jebha']);
    await advance(100);
    expect(flush).toHaveBeenCalledTimes(1);
    await advance(50);
    expect(flush).toHaveBeenCalledTimes(2);
    expect(flush).toHaveBeenLastCalledWith(['jebha', 'nador']);
  });

  it('should retry the sites of a flush that failed or could not send, in the next window', async () => {
    flush.mockRejectedValueOnce(new Error('database away')).mockResolvedValueOnce(false);
    sut.markDirty(['nador']);
    await advance(0);
    expect(flush).toHaveBeenCalledTimes(1);
    await advance(WINDOW_MS);
    expect(flush).toHaveBeenCalledTimes(2);
    await advance(WINDOW_MS);
    expect(flush).toHaveBeenCalledTimes(3);
    expect(flush.mock.calls.map(([ids]) => ids)).toEqual([['nador'], ['nador'], ['nador']]);
    await advance(WINDOW_MS);
    expect(flush).toHaveBeenCalledTimes(3);
  });

  it('should send nothing once stopped', async () => {
    await advance(0);
    sut.markDirty(['nador']);
    sut.stop();
    await advance(WINDOW_MS);
    expect(flush).not.toHaveBeenCalled();
  });
});
