import { beforeEach, describe, expect, it } from 'vitest';
import { LiveSequence } from './live-sequence';

interface Delta {
  siteId: string;
  seq: number;
}

describe(LiveSequence.name, () => {
  let applied: Delta[];
  let sut: LiveSequence<Delta>;
  const delta = (siteId: string, seq: number): Delta => ({ siteId, seq });

  beforeEach(() => {
    applied = [];
    sut = new LiveSequence<Delta>((d) => d, (d) => applied.push(d), 3);
  });

  it('should buffer until the snapshot, then replay only the deltas newer than it', () => {
    expect(sut.receive(delta('nador', 2))).toBe('buffered');
    expect(sut.receive(delta('nador', 3))).toBe('buffered');
    expect(sut.ready).toBe(false);
    expect(sut.restart({ nador: 2 })).toBe(true);
    expect(sut.ready).toBe(true);
    expect(applied).toEqual([delta('nador', 3)]);
    expect(sut.last('nador')).toBe(3);
  });

  it('should keep one series per site', () => {
    sut.restart({ nador: 5, 'tanger-med': 1 });
    expect(sut.receive(delta('tanger-med', 2))).toBe('applied');
    expect(sut.receive(delta('nador', 6))).toBe('applied');
    expect(sut.receive(delta('bab-sebta', 1))).toBe('applied');
    expect([sut.last('nador'), sut.last('tanger-med'), sut.last('bab-sebta')]).toEqual([6, 2, 1]);
  });

  it('should call a delta already seen stale, without applying it', () => {
    sut.restart({ nador: 5 });
    expect(sut.receive(delta('nador', 5))).toBe('stale');
    expect(sut.receive(delta('nador', 1))).toBe('stale');
    expect(applied).toEqual([]);
  });

  it('should stop at a gap and buffer until the next snapshot, which reports a gap again if the replay has one', () => {
    sut.restart({ nador: 1 });
    expect(sut.receive(delta('nador', 3))).toBe('gap');
    expect(sut.ready).toBe(false);
    expect(sut.receive(delta('nador', 4))).toBe('buffered');
    expect(sut.restart({ nador: 1 })).toBe(false);
    expect(sut.restart({ nador: 3 })).toBe(true);
    expect(sut.receive(delta('nador', 4))).toBe('applied');
    expect(applied).toEqual([delta('nador', 4)]);
  });

  it('should keep only the newest deltas while waiting', () => {
    for (const seq of [1, 2, 3, 4]) sut.receive(delta('nador', seq));
    expect(sut.restart({ nador: 1 })).toBe(true);
    expect(applied.map((d) => d.seq)).toEqual([2, 3, 4]);
  });

  it('should buffer again after suspend, and forget everything on reset', () => {
    sut.restart({ nador: 1 });
    sut.suspend();
    expect(sut.receive(delta('nador', 2))).toBe('buffered');
    sut.reset();
    expect(sut.last('nador')).toBe(0);
    expect(sut.restart({})).toBe(true);
    expect(applied).toEqual([]);
  });
});
