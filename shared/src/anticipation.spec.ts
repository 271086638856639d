import { describe, expect, it } from '@jest/globals';
import { dayCompleteness, expectedHours, expectedPeak, isSilent, lastHourWaitMinutes, normalPeople, predictedWaitMinutes } from './anticipation.js';

describe('predictedWaitMinutes', () => {
  it('should divide the vehicles waiting by the rate the crossing achieved', () => {
    // 120 vehicles through in 60 minutes = 2 a minute: 300 waiting clear in 150 minutes.
    expect(predictedWaitMinutes(300, 120, 60)).toBe(150);
    expect(predictedWaitMinutes(100, 30, 30)).toBe(100);
  });

  it('should be zero with nobody waiting and null with no throughput to go on', () => {
    expect(predictedWaitMinutes(0, 50, 60)).toBe(0);
    expect(predictedWaitMinutes(40, 0, 60)).toBeNull();
  });
});

describe('lastHourWaitMinutes', () => {
  it('should measure the rate over the live last hour, whose window ends now', () => {
    // At 10:32:30 the last hour's buckets start at 09:35: 57.5 minutes, in which 115 vehicles left (2 a minute).
    expect(lastHourWaitMinutes(300, 115, new Date('2024-08-01T10:32:30Z'))).toBe(150);
    expect(lastHourWaitMinutes(300, 0, new Date('2024-08-01T10:32:30Z'))).toBeNull();
  });
});

describe('normalPeople', () => {
  it('should take the median of the previous days, so that one busy day is not the norm', () => {
    expect(normalPeople([0, 0, 0, 0, 0, 0, 900])).toBe(0);
    expect(normalPeople([100, 120, 80, 0, 90, 110, 95])).toBe(95);
    expect(normalPeople([10, 30])).toBe(20);
    expect(normalPeople([])).toBe(0);
  });
});

describe('isSilent', () => {
  it('should only flag a normally busy site that sent nothing', () => {
    expect(isSilent(0, 95)).toBe(true);
    expect(isSilent(1, 95)).toBe(false);
    expect(isSilent(0, 20)).toBe(false);
  });
});

describe('expectedPeak', () => {
  const hours = (people: number[]) => people.map((expectedPeople, i) => ({ start: `2024-07-01T${String(10 + i).padStart(2, '0')}:00:00.000Z`, expectedPeople }));

  it('should be null while every hour stays at or under the threshold', () => {
    expect(expectedPeak(hours([100, 1000, 999]), 1000)).toBeNull();
  });

  it('should name the first hour over the threshold as a warning', () => {
    expect(expectedPeak(hours([100, 1200, 1300]), 1000)).toEqual({ level: 'warning', hour: '2024-07-01T11:00:00.000Z', expectedPeople: 1200 });
  });

  it('should turn critical at one and a half times the threshold, naming that hour', () => {
    expect(expectedPeak(hours([1200, 1600.4, 1700]), 1000)).toEqual({ level: 'critical', hour: '2024-07-01T11:00:00.000Z', expectedPeople: 1600 });
  });
});

describe('expectedHours', () => {
  it('should expect the hours reported on at least half of the reporting days', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 10 : h === 22 ? 5 : h === 23 ? 4 : 0));
    expect(expectedHours(byHour, 10)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 22]);
    expect(expectedHours(byHour, 0)).toEqual([]);
  });
});

describe('dayCompleteness', () => {
  it('should count the expected hours that reported, not the others', () => {
    expect(dayCompleteness([8, 9, 3], [8, 9, 10, 11])).toEqual({ hoursWithData: 2, hoursExpected: 4 });
  });
});
