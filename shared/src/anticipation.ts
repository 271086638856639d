import type { AlertLevel, Direction } from './enums.js';
import { surgeLevel } from './alert-levels.js';
import { lastHourStart } from './time.js';

/**
 * Anticipation rules (issue 12), written once for the backend (snapshot, alert sweep, statistics) and
 * the console: the queue estimate of a holding area's wait, when a site counts as silent, when a
 * forecast is an expected peak, and which hours a site is expected to report in.
 */

/** Holding areas queue the vehicles leaving the country: their crossing's departures are the throughput. */
export const HOLDING_QUEUE_DIRECTION = 'departure' as const satisfies Direction;

/**
 * Minutes the vehicles waiting will take to clear at the rate the crossing is achieving (a queue that
 * is served first come, first served: waiting / rate). Null when nothing went through in the window:
 * there is no rate to go on, and "infinite" would say more than we know.
 */
export function predictedWaitMinutes(vehiclesWaiting: number, vehiclesThrough: number, windowMinutes: number): number | null {
  if (vehiclesThrough <= 0) return null;
  return Math.round(vehiclesWaiting / (vehiclesThrough / windowMinutes));
}

/**
 * The wait at a holding area at `now`, from the departure vehicles of the live "last hour" (the
 * five-minute buckets since `lastHourStart(now)`): what the server puts in holding states, and what the
 * console recomputes when a traffic update moves that last hour.
 */
export function lastHourWaitMinutes(vehiclesWaiting: number, departureVehiclesLastHour: number, now: Date): number | null {
  return predictedWaitMinutes(vehiclesWaiting, departureVehiclesLastHour, (now.getTime() - lastHourStart(now).getTime()) / 60_000);
}

/** Previous days whose same window of the day say what is normal at a site (`site_silent`). */
export const SILENCE_HISTORY_DAYS = 7;
/** People a site must normally see in the window before its silence is worth an alert. */
export const SILENCE_FLOOR_PEOPLE = 20;

/**
 * People a site normally sees in a window of the day: the median over the same window of the previous
 * days (a day without data counts 0), so that one busy day does not make a site "normally busy".
 */
export function normalPeople(sameWindowPreviousDays: number[]): number {
  if (sameWindowPreviousDays.length === 0) return 0;
  const sorted = [...sameWindowPreviousDays].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A site is silent when it normally sees more than the floor in the window and has sent nothing in it. */
export function isSilent(movementsInWindow: number, normallyExpectedPeople: number): boolean {
  return movementsInWindow === 0 && normallyExpectedPeople > SILENCE_FLOOR_PEOPLE;
}

/** How far ahead the `peak_expected` rule looks into a site's forecast. */
export const PEAK_LOOKAHEAD_HOURS = 6;

export interface ExpectedPeak {
  level: AlertLevel;
  /** Start of the first hour at that level (ISO instant). */
  hour: string;
  expectedPeople: number;
}

/**
 * The expected peak of a site's coming hours (people of both directions, as the surge rule counts
 * them): the highest level any hour reaches against the threshold, named by the first hour reaching it.
 */
export function expectedPeak(hours: { start: string; expectedPeople: number }[], hourlyThresholdPeople: number): ExpectedPeak | null {
  let peak: ExpectedPeak | null = null;
  for (const h of hours) {
    const level = surgeLevel(h.expectedPeople, hourlyThresholdPeople);
    if (level && (!peak || (peak.level === 'warning' && level === 'critical'))) peak = { level, hour: h.start, expectedPeople: Math.round(h.expectedPeople) };
  }
  return peak;
}

/**
 * Reporting completeness: an hour of the day is expected at a site when the site reported in that hour
 * on at least half of the days on which it reported at all (over the period looked at). A day's
 * completeness is the expected hours in which it reported, over the expected hours.
 */
export const EXPECTED_HOUR_SHARE = 0.5;

/** The local hours (0–23) expected at a site, from the days that reported in each hour and the days that reported. */
export function expectedHours(daysReportingByHour: number[], daysReporting: number): number[] {
  if (daysReporting === 0) return [];
  return daysReportingByHour.flatMap((days, hour) => (days / daysReporting >= EXPECTED_HOUR_SHARE ? [hour] : []));
}

export interface DayCompleteness {
  hoursWithData: number;
  hoursExpected: number;
}

export function dayCompleteness(hoursReported: Iterable<number>, expected: number[]): DayCompleteness {
  const reported = new Set(hoursReported);
  return { hoursWithData: expected.filter((h) => reported.has(h)).length, hoursExpected: expected.length };
}
