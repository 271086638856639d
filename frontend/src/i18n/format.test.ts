import { describe, expect, it } from 'vitest';
import { changeRatio, formatChange, formatDay, formatShortDay, formatHour, formatNumber, formatPercent, formatRelative, formatTime, textDirection } from './format';

describe('format', () => {
  it('should group thousands the way each language does', () => {
    expect(formatNumber('fr', 70_000)).toBe('70.000');
    expect(formatNumber('en', 70_000)).toBe('70,000');
    expect(formatNumber('ar', 3_761_589)).toBe('3.761.589');
  });

  it('should write percentages and signed changes', () => {
    expect(formatPercent('en', 0.956)).toBe('96%');
    expect(formatChange('en', 0.1884)).toBe('+19%');
    expect(formatChange('en', -0.03)).toBe('-3%');
    expect(changeRatio(120, 100)).toBeCloseTo(0.2);
    expect(changeRatio(5, 0)).toBeNull();
  });

  it('should write a change over a season to the hundredth, as the activity report does', () => {
    expect(formatChange('fr', 0.1884, 2)).toBe('+18,84\u00a0%');
    expect(formatChange('en', -0.9999, 2)).toBe('-99.99%');
    expect(formatChange('en', 0, 2)).toBe('0%');
  });

  it('should give times in Casablanca whatever the browser zone', () => {
    expect(process.env.TZ).toBe('UTC');
    expect(formatTime('fr', '2024-08-28T14:02:00Z')).toBe('15:02');
    expect(formatTime('en', '2024-03-20T14:02:00Z')).toBe('14:02');
    expect(formatHour('fr', 7)).toBe('07:00');
  });

  it('should write the day out in the chosen language', () => {
    expect(formatDay('fr', '2024-08-28')).toBe('mercredi 28 août 2024');
    expect(formatDay('en', '2024-08-28')).toBe('Wednesday, 28 August 2024');
    expect(formatDay('ar', '2024-08-28')).toContain('غشت');
  });

  it('should write a day in short along a season chart', () => {
    expect(formatShortDay('fr', '2024-08-28')).toBe('28 août');
    expect(formatShortDay('en', '2024-06-05')).toBe('5 Jun');
    expect(formatShortDay('ar', '2024-08-28')).toBe('28 غشت');
  });

  it('should say how long ago', () => {
    const now = new Date('2024-08-28T14:00:00Z');
    expect(formatRelative('en', '2024-08-28T13:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('fr', '2024-08-28T12:00:00Z', now)).toBe('il y a 2 heures');
  });

  it('should lay Arabic out right to left only', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('fr')).toBe('ltr');
    expect(textDirection('en')).toBe('ltr');
  });
});
