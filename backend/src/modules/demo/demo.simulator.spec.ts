import { describe, expect, it } from '@jest/globals';
import { daysBetween } from '@marhaba/shared';
import { seasonDayFor } from './demo.simulator.js';

describe(seasonDayFor.name, () => {
  const days = daysBetween('2024-06-05', '2024-09-15');

  it('should play the same month and day of the edition during the season', () => {
    expect(days[seasonDayFor(days, '2026-08-28')]).toBe('2024-08-28');
  });

  it('should play a mid-July day of the same weekday out of season', () => {
    const day = days[seasonDayFor(days, '2026-11-29')]; // a Sunday
    expect(day >= '2024-07-15' && day < '2024-07-22').toBe(true);
    expect(new Date(day).getUTCDay()).toBe(0);
  });
});
