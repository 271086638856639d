/** Days of the operation are counted in Morocco's local time (DOMAIN.md). */
export const OPERATION_TIME_ZONE = 'Africa/Casablanca';

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: OPERATION_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The local calendar day (YYYY-MM-DD) in Casablanca of an instant, whatever the machine's zone. */
export function operationDay(instant: Date): string {
  return dayFormatter.format(instant);
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

const offsetFormatter = new Intl.DateTimeFormat('en-US', { timeZone: OPERATION_TIME_ZONE, timeZoneName: 'longOffset' });

/** Casablanca's offset from UTC at an instant, in minutes (60 in summer, 0 during Ramadan). */
function offsetMinutes(instant: number): number {
  const name = offsetFormatter.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** The instant a local day (YYYY-MM-DD) begins in Casablanca. */
export function operationDayStart(day: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const guess = wall - offsetMinutes(wall) * 60_000;
  return new Date(wall - offsetMinutes(guess) * 60_000);
}

/** The local day `n` days after `day` (calendar arithmetic on YYYY-MM-DD, no time zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every local day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
