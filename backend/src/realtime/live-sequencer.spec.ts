import { describe, expect, it, jest } from '@jest/globals';
import { LiveSequencer } from './live-sequencer.js';

/** A fake `take` over in-memory counters, like live_sequences: adds the counts, answers the last numbers. */
function counters(start: Record<string, number> = {}) {
  const last = new Map(Object.entries(start));
  return jest.fn(async (counts: Map<string, number>) => {
    counts.forEach((n, id) => last.set(id, (last.get(id) ?? 0) + n));
    return new Map([...counts.keys()].map((id) => [id, last.get(id)!]));
  });
}

describe(LiveSequencer.name, () => {
  it('should number each site in queue order, taking the numbers of a burst in one call', async () => {
    const take = counters({ nador: 41 });
    const sut = new LiveSequencer(take);
    const sent: string[] = [];
    const results = await Promise.all([
      sut.emitInOrder(['nador'], (seq) => sent.push(`a nador=${seq('nador')}`)),
      sut.emitInOrder(['nador', 'jebha'], (seq) => sent.push(`b nador=${seq('nador')} jebha=${seq('jebha')}`)),
      sut.emitInOrder(['jebha'], (seq) => sent.push(`c jebha=${seq('jebha')}`)),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(sent).toEqual(['a nador=42', 'b nador=43 jebha=1', 'c jebha=2']);
    // The first emission starts a call; the two queued meanwhile share the next one.
    expect(take).toHaveBeenCalledTimes(2);
    expect(take.mock.calls[1][0]).toEqual(new Map([['nador', 1], ['jebha', 2]]));
  });

  it('should count a site named twice in one emission once', async () => {
    const take = counters();
    const sut = new LiveSequencer(take);
    const seqs: number[] = [];
    await sut.emitInOrder(['nador', 'nador'], (seq) => seqs.push(seq('nador')));
    await sut.emitInOrder(['nador'], (seq) => seqs.push(seq('nador')));
    expect(seqs).toEqual([1, 2]);
  });

  it('should drop the emissions whose numbers could not be taken, and go on with the next ones', async () => {
    const working = counters();
    const take = jest.fn<typeof working>().mockRejectedValueOnce(new Error('database away')).mockImplementation(working);
    const sut = new LiveSequencer(take);
    const emit = jest.fn();
    expect(await sut.emitInOrder(['nador'], emit)).toBe(false);
    expect(emit).not.toHaveBeenCalled();
    expect(await sut.emitInOrder(['nador'], (seq) => emit(seq('nador')))).toBe(true);
    expect(emit).toHaveBeenCalledWith(1);
  });
});
