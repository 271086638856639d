import { isCriticalMedical, unattendedCutoff } from './alert-rules.js';

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
