import { computed } from 'vue';
import { createI18n, useI18n } from 'vue-i18n';
import { ar } from './ar';
import { en } from './en';
import type { Failure } from './failure';
import { fr, type MessageSchema } from './fr';
import * as format from './format';
import { LOCALES, textDirection, type Locale } from './format';

const STORAGE_KEY = 'marhaba.locale';

function storedLocale(): Locale {
  const value = globalThis.localStorage?.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : 'fr';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'fr',
  messages: { fr, ar, en },
});

/** Switches the language, and with it the page's `lang` and writing direction (Arabic lays out right to left). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  applyDocumentLocale(locale);
}

/** The message key of the open page's name, in the window title beside the operation's. */
let pageTitle = 'app.subtitle';

export function applyDocumentLocale(locale: Locale = i18n.global.locale.value): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = textDirection(locale);
  document.title = `${i18n.global.t('app.title')} — ${i18n.global.t(pageTitle)}`;
}

export function setPageTitle(key: string): void {
  pageTitle = key;
  applyDocumentLocale();
}

/** Translation plus number and date formatting in the chosen language. */
export function useLocaleFormat() {
  const { t, locale } = useI18n<{ message: MessageSchema }, Locale>();
  const current = computed(() => locale.value as Locale);
  return {
    t,
    locale: current,
    number: (value: number) => format.formatNumber(current.value, value),
    percent: (ratio: number) => format.formatPercent(current.value, ratio),
    change: (ratio: number, fractionDigits?: number) => format.formatChange(current.value, ratio, fractionDigits),
    time: (instant: string | Date) => format.formatTime(current.value, instant),
    dateTime: (instant: string | Date) => format.formatDateTime(current.value, instant),
    day: (day: string) => format.formatDay(current.value, day),
    shortDay: (day: string) => format.formatShortDay(current.value, day),
    relative: (instant: string | Date, now?: Date) => format.formatRelative(current.value, instant, now),
    hour: (hour: number) => format.formatHour(current.value, hour),
    /** A failure in words: what its code means here, then the original text as the detail. */
    failure: (f: Failure) => (f.detail ? t('failure.withDetail', { reason: t(`errors.${f.code}`), detail: f.detail }) : t(`errors.${f.code}`)),
    duration: (minutes: number) => {
      const { h, m } = format.splitMinutes(minutes);
      return h > 0 ? t('duration.hm', { h, m }) : t('duration.m', { m });
    },
  };
}

export { LOCALES, type Locale };
