import { describe, expect, it } from '@jest/globals';
import { holdingLevel, surgeLevel } from './alert-levels.js';

describe('holdingLevel', () => {
  it('should stay quiet under 80 % of capacity', () => {
    expect(holdingLevel(799, 1000)).toBeNull();
  });

  it('should warn from 80 % and turn critical from 95 %', () => {
    expect(holdingLevel(800, 1000)).toBe('warning');
    expect(holdingLevel(949, 1000)).toBe('warning');
    expect(holdingLevel(950, 1000)).toBe('critical');
    expect(holdingLevel(1500, 1000)).toBe('critical');
  });
});

describe('surgeLevel', () => {
  it('should warn above the hourly threshold and turn critical at one and a half times it', () => {
    expect(surgeLevel(3000, 3000)).toBeNull();
    expect(surgeLevel(3001, 3000)).toBe('warning');
    expect(surgeLevel(4500, 3000)).toBe('critical');
  });
});
