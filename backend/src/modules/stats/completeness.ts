import { dayCompleteness, expectedHours, type SiteCompleteness } from '@marhaba/shared';

/** The local hours (0–23) in which a site reported on one local day. */
export interface ReportedHoursRow {
  siteId: string;
  day: string;
  hours: number[];
}

/**
 * Completeness of each site over `days`: its expected hours come from the whole edition (`editionRows`),
 * so that narrowing the days shown does not change what is expected of each one.
 */
export function siteCompleteness(editionRows: ReportedHoursRow[], siteIds: string[], days: string[]): SiteCompleteness[] {
  const bySite = new Map<string, Map<string, number[]>>();
  for (const row of editionRows) bySite.set(row.siteId, (bySite.get(row.siteId) ?? new Map<string, number[]>()).set(row.day, row.hours));
  const result: SiteCompleteness[] = [];
  for (const siteId of siteIds) {
    const reported = bySite.get(siteId);
    if (!reported) continue;
    const daysByHour = Array.from({ length: 24 }, () => 0);
    for (const hours of reported.values()) for (const hour of new Set(hours)) daysByHour[hour] += 1;
    const expected = expectedHours(daysByHour, reported.size);
    const perDay = days.map((date) => ({ date, ...dayCompleteness(reported.get(date) ?? [], expected) }));
    result.push({
      siteId,
      hoursWithData: perDay.reduce((sum, d) => sum + d.hoursWithData, 0),
      hoursExpected: perDay.reduce((sum, d) => sum + d.hoursExpected, 0),
      days: perDay,
    });
  }
  return result;
}
