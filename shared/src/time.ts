/** Days of the operation are counted in Morocco's local time (DOMAIN.md). */
export const OPERATION_TIME_ZONE = 'Africa/Casablanca';

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: OPERATION_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
const dayByHour = new Map<number, string>();

/** The local calendar day (YYYY-MM-DD) in Casablanca of an instant, whatever the machine's zone. */
export function operationDay(instant: Date): string {
  // Casablanca's offsets are whole hours, so the day is the same for a whole UTC hour: format once per hour.
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  let day = dayByHour.get(hour);
  if (day === undefined) {
    if (dayByHour.size > 10_000) dayByHour.clear();
    day = dayFormatter.format(instant);
    dayByHour.set(hour, day);
  }
  return day;
}

/** Live figures are kept in buckets of this size; "last hour" is the last 12 buckets. */
export const BUCKET_MINUTES = 5;
const BUCKET_MS = BUCKET_MINUTES * 60_000;

/** Start of the bucket holding an instant. Casablanca's offsets are whole hours, so buckets never straddle a local day. */
export function bucketStart(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** Start of the oldest bucket counted in "last hour" at `now`. */
export function lastHourStart(now: Date): Date {
  return new Date(bucketStart(now).getTime() - (60 / BUCKET_MINUTES - 1) * BUCKET_MS);
}

const hourFormatter = new Intl.DateTimeFormat('en-GB', { timeZone: OPERATION_TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });

/** The local hour (0–23) in Casablanca of an instant. */
export function operationHour(instant: Date): number {
  return Number(hourFormatter.format(instant));
}

/**
 * Start of the next whole local hour strictly after `instant` (a forecast's first hour). Casablanca's
 * offsets are whole hours, so local hours start on UTC hours.
 */
export function nextHourStart(instant: Date): Date {
  return new Date((Math.floor(instant.getTime() / HOUR_MS) + 1) * HOUR_MS);
}

/** Start of the local hour holding `instant`. */
export function hourStart(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS);
}

/**
 * The instant a local day (YYYY-MM-DD) starts in Casablanca. Its offsets from UTC are whole hours
 * within ±3 h, so local midnight is the first of these whole-hour candidates that falls on the day.
 */
export function operationDayStart(day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (let shift = -3; shift <= 3; shift++) {
    const candidate = new Date(utcMidnight + shift * HOUR_MS);
    if (operationDay(candidate) === day) return candidate;
  }
  throw new RangeError(`no start found for day ${day}`);
}

/** The local day after `day` (calendar arithmetic, no time zone involved). */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

/** The local day `n` days after `day` (calendar arithmetic on YYYY-MM-DD, no time zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 24 * HOUR_MS).toISOString().slice(0, 10);
}

/** Every local day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Days from `from` to `to`, negative when `to` comes first (calendar arithmetic on YYYY-MM-DD, no time zone involved). */
export function daysApart(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (24 * HOUR_MS));
}

/** The day of the week of a local day (YYYY-MM-DD), Sunday first (0), as `Date.getDay` counts. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}
