import { describe, expect, it } from '@jest/globals';
import { daysBetween, operationDayStart } from '@marhaba/shared';
import { referenceSites } from '../../reference/reference-data.js';
import { planKey, seasonDayIndex, seasonProfile, spreadDays } from './season-profile.js';

const edition = { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15', siteIds: referenceSites().map((s) => s.id) };
const days = ['2024-06-05', '2024-06-06', '2024-09-15'];

describe('seasonDayIndex', () => {
  it('should take the same month and day, or the nearest end of the season outside it', () => {
    expect(seasonDayIndex(days, '2026-06-06')).toBe(1);
    expect(seasonDayIndex(days, '2026-03-01')).toBe(0);
    expect(seasonDayIndex(days, '2026-12-01')).toBe(2);
  });
});

describe('seasonProfile', () => {
  it('should place the season day planned for the same date on the real day, hour by hour', () => {
    const started = performance.now();
    const sut = seasonProfile(edition, referenceSites(), ['2026-08-10']);
    const elapsed = performance.now() - started;
    const start = operationDayStart('2026-08-10').getTime();
    const hourly = Array.from({ length: 24 }, (_, h) => sut.get(planKey('tanger-med', start + h * 3_600_000, 'arrival')) ?? 0);
    // An August day at Tanger Med: thousands of arrivals, more in the afternoon than before dawn.
    expect(hourly.reduce((a, b) => a + b, 0)).toBeGreaterThan(5_000);
    expect(hourly.slice(12, 18).reduce((a, b) => a + b, 0)).toBeGreaterThan(hourly.slice(1, 5).reduce((a, b) => a + b, 0));
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe('spreadDays', () => {
  it("should spread each day's people over its hours with the season profile's shape of its week, adding up exactly", () => {
    const sut = spreadDays(edition, referenceSites(), [
      { siteId: 'tanger-med', day: '2024-08-10', direction: 'arrival', people: 12_345 },
      { siteId: 'tanger-med', day: '2024-08-10', direction: 'departure', people: 0 },
    ]);
    const [arrivals, departures] = sut;
    expect(arrivals).toHaveLength(24);
    expect(arrivals.every(Number.isInteger)).toBe(true);
    expect(arrivals.reduce((a, b) => a + b, 0)).toBe(12_345);
    const week = daysBetween('2024-08-07', '2024-08-13');
    const plan = seasonProfile(edition, referenceSites(), week);
    const planned = Array.from({ length: 24 }, (_, h) => week.reduce((s, d) => s + (plan.get(planKey('tanger-med', operationDayStart(d).getTime() + h * 3_600_000, 'arrival')) ?? 0), 0));
    // The busiest hour of the week the profile plans around the day is the busiest spread one: the shape is the profile's.
    expect(arrivals.indexOf(Math.max(...arrivals))).toBe(planned.indexOf(Math.max(...planned)));
    expect(departures).toEqual(Array(24).fill(0));
  });

  it('should spread evenly where the profile plans nobody that day', () => {
    const [sut] = spreadDays(edition, referenceSites(), [{ siteId: 'atlantis', day: '2024-08-10', direction: 'arrival', people: 48 }]);
    expect(sut).toEqual(Array(24).fill(2));
  });
});
