import { OPERATION_TIME_ZONE } from '@marhaba/shared';

export const LOCALES = ['fr', 'ar', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Moroccan conventions for French and Arabic (Latin digits, Moroccan month names); British English. */
const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export function intlLocale(locale: Locale): string {
  return INTL_LOCALE[locale];
}

export function textDirection(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(value);
}

export function formatPercent(locale: Locale, ratio: number): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** A change such as +12 % or −3 %, always signed; `fractionDigits` for the season's +18,84 %. */
export function formatChange(locale: Locale, ratio: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: fractionDigits, signDisplay: 'exceptZero' }).format(ratio);
}

/** (current − previous) / previous, or null when there is nothing to compare with. */
export function changeRatio(current: number, previous: number): number | null {
  return previous > 0 ? (current - previous) / previous : null;
}

/** Clock time in Casablanca, whatever the browser's zone: the operation runs on Morocco's time. */
export function formatTime(locale: Locale, instant: string | Date): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: OPERATION_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

export function formatDateTime(locale: Locale, instant: string | Date): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: OPERATION_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(instant));
}

/** A local day (YYYY-MM-DD) written out, e.g. "mercredi 28 août 2024". */
export function formatDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', dateStyle: 'full' }).format(new Date(`${day}T12:00:00Z`));
}

/** A local day in short, e.g. "28 août": the days along a season chart. */
export function formatShortDay(locale: Locale, day: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${day}T12:00:00Z`));
}

/** "5 minutes ago", "in 2 hours", "now". */
export function formatRelative(locale: Locale, instant: string | Date, now: Date = new Date()): string {
  const seconds = Math.round((new Date(instant).getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(0, 'second');
  if (abs < 3600) return format.format(Math.trunc(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.trunc(seconds / 3600), 'hour');
  return format.format(Math.trunc(seconds / 86_400), 'day');
}

/** An hour of the day, "14:00". */
export function formatHour(locale: Locale, hour: number): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.UTC(2000, 0, 1, hour)));
}

/** Minutes split into hours and minutes, for the translated "{h} h {m} min". */
export function splitMinutes(minutes: number): { h: number; m: number } {
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}
