import { z } from 'zod';
import type { Channel, SiteKind } from './enums.js';
import type { DayCompleteness } from './anticipation.js';
import type { CaseCounts, Flow } from './live.js';
import { siteIdSchema, type SiteNames } from './schemas.js';

/** Languages of the exported reports: French by default, Arabic (right to left) and English on request. */
export const REPORT_LANGUAGES = ['fr', 'ar', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The `:year` of `/api/stats/season/:year`: four digits, nothing else. */
export const seasonYearSchema = z
  .string()
  .regex(/^\d{4}$/, 'must be a four-digit year such as 2024')
  .transform(Number)
  .pipe(z.int().min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'));

/** Path parameters of `/api/stats/season/:year` and `/api/stats/season/:year/export.:format`. */
export const seasonParamsSchema = z.strictObject({ year: seasonYearSchema });
export const seasonExportParamsSchema = z.strictObject({ year: seasonYearSchema, format: z.enum(EXPORT_FORMATS) });

const statsFilterShape = {
  /** First local day (Africa/Casablanca) to count, within the edition. */
  from: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  /** Last local day to count (inclusive), within the edition. */
  to: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  siteId: siteIdSchema.optional(),
};
const fromNotAfterTo = (q: { from?: string; to?: string }) => q.from === undefined || q.to === undefined || q.from <= q.to;
const fromNotAfterToIssue = { message: 'must not be before from', path: ['to'] };

export const seasonStatsQuerySchema = z.strictObject(statsFilterShape).refine(fromNotAfterTo, fromNotAfterToIssue);
export type SeasonStatsQuery = z.infer<typeof seasonStatsQuerySchema>;

export const seasonExportQuerySchema = z
  .strictObject({ ...statsFilterShape, lang: z.enum(REPORT_LANGUAGES).default('fr') })
  .refine(fromNotAfterTo, fromNotAfterToIssue);
export type SeasonExportQuery = z.infer<typeof seasonExportQuerySchema>;

export interface SiteFlow extends Flow {
  siteId: string;
}

export interface SeasonFlow extends Flow {
  /** People by channel (land crossings from Ceuta and Melilla count as sea). */
  byChannel: Record<Channel, number>;
  /** Every selected site, crossings or not (see `sites[].countsTowardsTotals`). */
  bySite: SiteFlow[];
}

export interface DayFigures {
  date: string;
  arrivals: number;
  departures: number;
}

export interface PeakDay {
  date: string;
  people: number;
}

export interface SiteCases {
  siteId: string;
  total: number;
  byCategory: CaseCounts;
}

export interface PreviousEdition {
  year: number;
  /** `recorded`: computed from this database; `reference`: published figures (backend/data/editions.json). */
  source: 'recorded' | 'reference';
  arrivals: number | null;
  departures: number | null;
  assistance: number | null;
  centralOffice: number | null;
  /** Change from the previous edition in percent (two decimals); null when either side is unknown. */
  change: { arrivals: number | null; departures: number | null; assistance: number | null; centralOffice: number | null };
  /** Per selected site (recorded or imported data only; empty for published figures): people each way and cases. */
  bySite: PreviousSite[];
  /**
   * Per day of the selection (recorded or imported data only; empty for published figures): the previous
   * edition's day at the same distance from its start (`previousDate`), in people at the sites of the totals.
   */
  daily: PreviousDay[];
}

export interface PreviousSite {
  siteId: string;
  arrivals: number;
  departures: number;
  assistance: number;
}

export interface PreviousDay {
  /** The day of this edition. */
  date: string;
  /** The previous edition's day compared with it (null past that edition's end). */
  previousDate: string | null;
  arrivals: number;
  departures: number;
}

/**
 * Reporting completeness of a site (`expectedHours`, `dayCompleteness`): over the selection, and per local
 * day of it up to today. Only sites with expected hours (that reported in the edition) are listed.
 */
export interface SiteCompleteness extends DayCompleteness {
  siteId: string;
  days: (DayCompleteness & { date: string })[];
}

/** `GET /api/stats/season/:year` (DESIGN.md). People and vehicles are counts of travellers, not of movements. */
export interface SeasonStats {
  year: number;
  edition: { year: number; startsOn: string; endsOn: string };
  filters: { from: string; to: string; siteId: string | null };
  sites: { id: string; name: string; names: SiteNames; kind: SiteKind; channel: Channel; countsTowardsTotals: boolean }[];
  arrivals: SeasonFlow;
  departures: SeasonFlow;
  /** One entry per local day of the selected range, in people, at the sites counted in the totals. */
  daily: DayFigures[];
  peaks: { arrivals: PeakDay | null; departures: PeakDay | null };
  assistance: { total: number; byCategory: CaseCounts; bySite: SiteCases[] };
  /** Cases escalated to the Central Coordination Office (BCC), by the category of the case. */
  centralOffice: { processed: number; byCategory: CaseCounts };
  /** Bus and minibus movements at the rest areas (upstream bus management). */
  busStaging: { passengers: number; buses: number; minibuses: number };
  previous: PreviousEdition | null;
  completeness: SiteCompleteness[];
}
