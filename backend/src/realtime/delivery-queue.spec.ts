import { describe, expect, it } from '@jest/globals';
import { DeliveryQueue } from './delivery-queue.js';

/** Turns of the event loop played by hand. */
function turns() {
  const next: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void next.push(run),
    play: () => next.splice(0).forEach((run) => run()),
    get waiting() {
      return next.length;
    },
  };
}

describe(DeliveryQueue.name, () => {
  it('should write a small broadcast at once', () => {
    const loop = turns();
    const sut = new DeliveryQueue<number>(3, loop.schedule);
    const written: number[] = [];
    sut.add([1, 2, 3], (n) => written.push(n));
    expect(written).toEqual([1, 2, 3]);
    expect(loop.waiting).toBe(0);
  });

  it('should spread a large broadcast over turns, its first writes at once', () => {
    const loop = turns();
    const sut = new DeliveryQueue<number>(2, loop.schedule);
    const written: number[] = [];
    sut.add([1, 2, 3, 4, 5], (n) => written.push(n));
    expect(written).toEqual([1, 2]);
    loop.play();
    expect(written).toEqual([1, 2, 3, 4]);
    loop.play();
    expect(written).toEqual([1, 2, 3, 4, 5]);
    expect(loop.waiting).toBe(0);
  });

  it('should keep broadcasts in order: a later one waits behind an earlier one still being written', () => {
    const loop = turns();
    const sut = new DeliveryQueue<string>(2, loop.schedule);
    const written: string[] = [];
    sut.add(['x', 'y', 'z'], (socket) => written.push(`first→${socket}`));
    sut.add(['z'], (socket) => written.push(`second→${socket}`));
    expect(written).toEqual(['first→x', 'first→y']);
    loop.play();
    expect(written).toEqual(['first→x', 'first→y', 'first→z', 'second→z']);
    // Once the queue is empty, a new broadcast goes out at once again.
    sut.add(['x'], (socket) => written.push(`third→${socket}`));
    expect(written.at(-1)).toBe('third→x');
  });

  it('should go on with the writes queued behind one that throws', () => {
    const loop = turns();
    const sut = new DeliveryQueue<number>(2, loop.schedule);
    const written: number[] = [];
    expect(() =>
      sut.add([1, 2, 3], (n) => {
        if (n === 1) throw new Error('socket gone');
        written.push(n);
      }),
    ).toThrow('socket gone');
    loop.play();
    expect(written).toEqual([2, 3]);
  });
});
