import { describe, expect, it } from '@jest/globals';
import { addDays, bucketStart, daysApart, daysBetween, hourStart, lastHourStart, nextDay, nextHourStart, operationDay, operationDayStart, operationHour, weekdayOf } from './time.js';

describe('operationDay', () => {
  it('should count a summer evening in UTC as the next local day once Casablanca is at UTC+1', () => {
    // 2024-08-28 23:30 UTC is 00:30 on 29 August in Casablanca (UTC+1 in summer).
    expect(operationDay(new Date('2024-08-28T23:30:00Z'))).toBe('2024-08-29');
    expect(operationDay(new Date('2024-08-28T22:59:59Z'))).toBe('2024-08-28');
  });

  it('should follow the Ramadan switch to UTC+0', () => {
    // During Ramadan 2024 (mid-March to mid-April) Morocco returns to UTC+0.
    expect(operationDay(new Date('2024-03-20T23:30:00Z'))).toBe('2024-03-20');
  });

  it('should not depend on the machine time zone', () => {
    expect(process.env.TZ).toBe('UTC');
    expect(operationDay(new Date('2024-06-05T00:00:00+01:00'))).toBe('2024-06-05');
  });
});

describe('bucketStart', () => {
  it('should floor an instant to its five-minute bucket', () => {
    expect(bucketStart(new Date('2024-07-01T10:04:59.999Z')).toISOString()).toBe('2024-07-01T10:00:00.000Z');
    expect(bucketStart(new Date('2024-07-01T10:05:00Z')).toISOString()).toBe('2024-07-01T10:05:00.000Z');
  });

  it('should start the last hour eleven buckets before the current one', () => {
    expect(lastHourStart(new Date('2024-07-01T10:07:00Z')).toISOString()).toBe('2024-07-01T09:10:00.000Z');
  });
});

describe('operationHour', () => {
  it('should give the local hour in Casablanca', () => {
    expect(operationHour(new Date('2024-08-28T23:30:00Z'))).toBe(0);
    expect(operationHour(new Date('2024-08-28T11:59:00Z'))).toBe(12);
  });
});

describe('operationDayStart', () => {
  it('should start a summer day at 23:00 UTC the evening before (UTC+1)', () => {
    expect(operationDayStart('2024-08-29').toISOString()).toBe('2024-08-28T23:00:00.000Z');
  });

  it('should start a Ramadan day at midnight UTC (UTC+0)', () => {
    expect(operationDayStart('2024-03-20').toISOString()).toBe('2024-03-20T00:00:00.000Z');
  });

  it('should give the next day across months and years', () => {
    expect(nextDay('2024-08-31')).toBe('2024-09-01');
    expect(nextDay('2024-12-31')).toBe('2025-01-01');
  });
});

describe('daysBetween', () => {
  it('should list every day of an edition, both ends included', () => {
    const days = daysBetween('2024-06-05', '2024-09-15');
    expect(days).toHaveLength(103);
    expect(days[0]).toBe('2024-06-05');
    expect(days.at(-1)).toBe('2024-09-15');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('daysApart', () => {
  it('should count calendar days across months and the summer time change, negative backwards', () => {
    expect(daysApart('2024-06-05', '2024-09-15')).toBe(102);
    expect(daysApart('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysApart('2024-06-05', '2024-06-01')).toBe(-4);
  });
});

describe('weekdayOf', () => {
  it('should name the weekday of a local day, Sunday first, whatever the machine zone', () => {
    expect(weekdayOf('2024-08-28')).toBe(3);
    expect(weekdayOf('2024-09-15')).toBe(0);
  });
});

describe('nextHourStart', () => {
  it('should give the next whole local hour, also from the first instant of an hour', () => {
    expect(nextHourStart(new Date('2024-07-15T10:20:00Z')).toISOString()).toBe('2024-07-15T11:00:00.000Z');
    expect(nextHourStart(new Date('2024-07-15T10:00:00Z')).toISOString()).toBe('2024-07-15T11:00:00.000Z');
  });

  it('should start on a local hour of Casablanca, summer (UTC+1) and Ramadan (UTC+0) alike', () => {
    expect(operationHour(nextHourStart(new Date('2024-07-15T22:59:59Z')))).toBe(0);
    expect(operationHour(nextHourStart(new Date('2024-03-20T23:30:00Z')))).toBe(0);
  });
});

describe('hourStart', () => {
  it('should floor an instant to its hour', () => {
    expect(hourStart(new Date('2024-07-15T10:59:59.999Z')).toISOString()).toBe('2024-07-15T10:00:00.000Z');
  });
});
