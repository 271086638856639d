import { describe, expect, it } from '@jest/globals';
import { hourFigures, hoursOfDay, previousEditionDay } from './today-figures.js';

const editions = [
  { year: 2023, startsOn: '2023-06-05', endsOn: '2023-09-15' },
  { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' },
];

describe('hoursOfDay', () => {
  it('should give 25 hours on the day Casablanca goes back to UTC+0 for Ramadan, and 23 on the day it returns', () => {
    expect(hoursOfDay('2024-03-10')).toHaveLength(25);
    expect(hoursOfDay('2024-04-14')).toHaveLength(23);
    expect(hoursOfDay('2024-08-28')).toHaveLength(24);
  });
});

describe('hourFigures', () => {
  it('should label a repeated local hour twice rather than merge it', () => {
    const sut = hourFigures('2024-03-10', [{ bucket: new Date('2024-03-10T02:05:00Z'), direction: 'arrival', mode: 'car', people: 4, vehicles: 1 }]);
    const labels = sut.map((h) => h.hour);
    expect(labels.filter((h) => h === 2)).toHaveLength(2);
    expect(sut.find((h) => h.start === '2024-03-10T02:00:00.000Z')!.arrivals.people).toBe(4);
  });
});

describe('previousEditionDay', () => {
  it('should take the same calendar day of the latest earlier edition', () => {
    expect(previousEditionDay('2024-08-28', editions)).toEqual({ year: 2023, day: '2023-08-28' });
    expect(previousEditionDay('2026-07-14', editions)).toEqual({ year: 2024, day: '2024-07-14' });
  });

  it('should fall back to 28 February from a leap day, and to null without an earlier edition', () => {
    expect(previousEditionDay('2028-02-29', [{ year: 2027, startsOn: '2027-06-05', endsOn: '2027-09-15' }])).toEqual({ year: 2027, day: '2027-02-28' });
    expect(previousEditionDay('2023-08-01', editions)).toBeNull();
  });
});
