import { describe, expect, it } from '@jest/globals';
import { apportion, seededRandom, seededUuid } from './random.js';

describe(apportion.name, () => {
  it('should split a total into integers that add up to it exactly', () => {
    const sut = apportion(1_972_542, [0.515, 0.14, 0.135, 0.125, 0.065, 0.02]);
    expect(sut.reduce((a, b) => a + b, 0)).toBe(1_972_542);
    expect(sut.every(Number.isInteger)).toBe(true);
  });

  it('should never give a part more than its quota rounded up', () => {
    const weights = [3, 0, 1, 7, 2];
    const sut = apportion(5, weights);
    sut.forEach((part, i) => expect(part).toBeLessThanOrEqual(Math.ceil((5 * weights[i]) / 13)));
    expect(sut[1]).toBe(0);
  });

  it('should give zeros for zero weights or a zero total', () => {
    expect(apportion(10, [0, 0])).toEqual([0, 0]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
  });
});

describe(seededRandom.name, () => {
  it('should repeat its sequence for the same seed and differ for another', () => {
    const a = seededRandom('marhaba', 2024);
    const b = seededRandom('marhaba', 2024);
    const c = seededRandom('other', 2024);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('should draw version-4 UUIDs', () => {
    expect(seededUuid(seededRandom('x'))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
