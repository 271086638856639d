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
