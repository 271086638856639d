import { holdingLevel, isCriticalMedical, surgeLevel, unattendedCutoff } from './alert-rules.js';

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

describe('isCriticalMedical', () => {
  it('should only match medical cases of critical priority', () => {
    expect(isCriticalMedical({ category: 'medical', priority: 'critical' })).toBe(true);
    expect(isCriticalMedical({ category: 'medical', priority: 'high' })).toBe(false);
    expect(isCriticalMedical({ category: 'customs', priority: 'critical' })).toBe(false);
  });
});

describe('unattendedCutoff', () => {
  it('should go back the configured number of minutes', () => {
    expect(unattendedCutoff(new Date('2024-07-01T10:30:00Z'), 30).toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });
});
