import { describe, expect, it } from 'vitest';
import type { Forecast, HourFigures, TodayDetail } from '@marhaba/shared';
import { dailySeries, hourlySeries } from './chart-data';

const hour = (h: number, arrivals: number, departures = 0): HourFigures => ({
  start: new Date(Date.UTC(2024, 7, 27, 23 + h)).toISOString(), hour: h, arrivals: { people: arrivals, vehicles: 0 }, departures: { people: departures, vehicles: 0 },
});
const detail = (hours: HourFigures[], previous: HourFigures[] | null): TodayDetail => ({
  day: '2024-08-28', siteId: null, hours, byMode: { today: { arrival: {}, departure: {} }, lastHour: { arrival: {}, departure: {} } }, busStaging: [],
  previous: previous && { year: 2023, day: '2023-08-28', hourly: true, sameTime: hours[0], wholeDay: hours[0], hours: previous },
});

describe('hourlySeries', () => {
  it('should mark the busiest hour of arrivals and departures together', () => {
    const sut = hourlySeries(detail([hour(0, 10), hour(1, 30, 25), hour(2, 50)], null));
    expect(sut.peak).toBe(1);
    expect(sut.arrivals).toEqual([10, 30, 50]);
    expect(sut.previous).toEqual([null, null, null]);
  });

  it('should have no peak before any traffic, and align the previous edition hour by hour', () => {
    const sut = hourlySeries(detail([hour(0, 0), hour(1, 0)], [hour(1, 7, 3)]));
    expect(sut.peak).toBeNull();
    expect(sut.previous).toEqual([0, 10]);
  });
});

describe('hourlySeries with a forecast', () => {
  const figure = (expected: number) => ({ expected, low: expected - 5, high: expected + 10 });
  const forecast = (starts: string[]): Forecast => ({
    generatedAt: '2024-08-28T00:30:00Z', siteId: null, method: 'mstl-ets',
    hours: starts.map((start, i) => ({ start, arrivals: figure(20 + i), departures: figure(10) })),
  });

  it('should put the expected people of both directions and their band on the hours to come, and nothing on the others', () => {
    const hours = [hour(0, 10), hour(1, 0), hour(2, 0)];
    // The forecast starts at the next hour (1) and runs past the end of the day.
    const sut = hourlySeries(detail(hours, null), forecast([hours[1].start, hours[2].start, new Date(Date.UTC(2024, 7, 28, 2)).toISOString()]));
    // Two hours to come are left today: the chart runs on into the next day with the forecast alone.
    expect(sut.expected).toEqual([null, 30, 31, 32]);
    expect(sut.low).toEqual([null, 20, 21, 22]);
    expect(sut.high).toEqual([null, 50, 51, 52]);
    expect(sut.arrivals).toEqual([10, 0, 0, null]);
    expect(sut.hours).toHaveLength(4);
  });

  it('should show the next six forecast hours in the last hour of the day, past midnight', () => {
    const hours = Array.from({ length: 24 }, (_, h) => hour(h, 1));
    const next = (i: number) => new Date(Date.UTC(2024, 7, 28, 23 + i)).toISOString();
    const sut = hourlySeries(detail(hours, null), forecast(Array.from({ length: 12 }, (_, i) => next(i))));
    expect(sut.hours.slice(24)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sut.expected.filter((v) => v !== null)).toHaveLength(6);
    expect(sut.arrivals.slice(24)).toEqual([null, null, null, null, null, null]);
  });

  it('should leave the forecast out when there is none', () => {
    expect(hourlySeries(detail([hour(0, 10)], null), null).expected).toEqual([null]);
  });
});

describe('dailySeries', () => {
  const daily = [
    { date: '2024-08-27', arrivals: 10, departures: 70 },
    { date: '2024-08-28', arrivals: 5, departures: 80 },
    { date: '2024-08-29', arrivals: 12, departures: 0 },
  ];

  it('should put the peaks the statistics name on their days', () => {
    const sut = dailySeries(daily, { arrivals: { date: '2024-08-29', people: 12 }, departures: { date: '2024-08-28', people: 80 } });
    expect(sut).toEqual({ days: ['2024-08-27', '2024-08-28', '2024-08-29'], arrivals: [10, 5, 12], departures: [70, 80, 0], peakArrivals: 2, peakDepartures: 1 });
  });

  it('should mark no peak without traffic or outside the days shown', () => {
    const sut = dailySeries(daily, { arrivals: { date: '2024-09-01', people: 99 }, departures: { date: '2024-08-27', people: 0 } });
    expect(sut.peakArrivals).toBeNull();
    expect(sut.peakDepartures).toBeNull();
    expect(dailySeries([], { arrivals: null, departures: null })).toMatchObject({ days: [], peakArrivals: null, peakDepartures: null });
  });
});
