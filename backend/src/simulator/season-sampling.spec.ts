import { describe, expect, it } from '@jest/globals';
import { seededRandom } from './random.js';
import { sampleMinute, shapeAt, units } from './season-sampling.js';

describe(shapeAt.name, () => {
  const shape = [['06-01', 0], ['06-11', 1]] as const;

  it('should interpolate linearly between two month-days and hold the ends', () => {
    expect(shapeAt(shape, '2024-06-06')).toBeCloseTo(0.5);
    expect(shapeAt(shape, '2024-05-20')).toBe(0);
    expect(shapeAt(shape, '2024-07-01')).toBe(1);
  });
});

describe(sampleMinute.name, () => {
  it('should stay inside the window and in hours with weight', () => {
    const random = seededRandom('minutes');
    const hours = Array.from({ length: 24 }, (_, h) => (h === 10 || h === 20 ? 1 : 0));
    for (let i = 0; i < 200; i++) {
      const sut = sampleMinute(hours, random, 0, 1260);
      expect(Math.floor(sut / 60) === 10 || Math.floor(sut / 60) === 20).toBe(true);
      expect(sut).toBeLessThan(1260);
    }
  });
});

describe(units.name, () => {
  it('should carry exactly the people asked for, with no vehicle for travellers on foot', () => {
    const sut = units(1000, [['car', 0.5], ['foot', 0.4], ['bus', 0.1]], seededRandom('units'));
    expect(sut.reduce((s, u) => s + u.people, 0)).toBe(1000);
    expect(sut.filter((u) => u.mode === 'foot').every((u) => u.vehicles === 0)).toBe(true);
    expect(sut.filter((u) => u.mode !== 'foot').every((u) => u.vehicles === 1)).toBe(true);
  });
});
