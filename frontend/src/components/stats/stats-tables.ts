import { siteName, type CaseCounts, type Flow, type ReportLanguage, type SeasonStats, type SiteKind } from '@marhaba/shared';

export interface SiteRow {
  siteId: string;
  name: string;
  kind: SiteKind;
  /** Crossings count in the season totals; rest areas and ports abroad are shown apart (`countsTowardsTotals`). */
  countsTowardsTotals: boolean;
  arrivals: Flow;
  departures: Flow;
  cases: number;
}

const NO_FLOW: Flow = { people: 0, vehicles: 0 };

/** Every selected site with its traffic and cases, busiest first (arrivals and departures together); names in `lang`. */
export function siteRows(stats: SeasonStats, lang: ReportLanguage): SiteRow[] {
  const arrivals = new Map(stats.arrivals.bySite.map((f) => [f.siteId, f]));
  const departures = new Map(stats.departures.bySite.map((f) => [f.siteId, f]));
  const cases = new Map(stats.assistance.bySite.map((c) => [c.siteId, c.total]));
  const people = (row: SiteRow) => row.arrivals.people + row.departures.people;
  return stats.sites
    .filter((site) => arrivals.has(site.id) || departures.has(site.id))
    .map((site) => ({
      siteId: site.id,
      name: siteName(site, lang),
      kind: site.kind,
      countsTowardsTotals: site.countsTowardsTotals,
      arrivals: arrivals.get(site.id) ?? NO_FLOW,
      departures: departures.get(site.id) ?? NO_FLOW,
      cases: cases.get(site.id) ?? 0,
    }))
    .sort((a, b) => people(b) - people(a) || a.name.localeCompare(b.name));
}

export interface AssistanceRow {
  siteId: string;
  name: string;
  total: number;
  byCategory: CaseCounts;
}

/** The sites that assisted anyone, most cases first; names in `lang`. */
export function assistanceRows(stats: SeasonStats, lang: ReportLanguage): AssistanceRow[] {
  const names = new Map(stats.sites.map((s) => [s.id, siteName(s, lang)]));
  return stats.assistance.bySite
    .filter((row) => row.total > 0)
    .map((row) => ({ ...row, name: names.get(row.siteId) ?? row.siteId }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

/** A change from the previous edition: the glyph that says its direction without colour, and the ratio to format. */
export function changeOf(percent: number | null): { glyph: '▲' | '▼' | '='; ratio: number } | null {
  if (percent === null) return null;
  return { glyph: percent > 0 ? '▲' : percent < 0 ? '▼' : '=', ratio: percent / 100 };
}

export interface CompletenessRow {
  siteId: string;
  name: string;
  hoursWithData: number;
  hoursExpected: number;
  /** hoursWithData / hoursExpected, 0..1. */
  share: number;
  /** The day of the selection with the smallest share of its expected hours, null when every day is complete. */
  weakestDay: { date: string; hoursWithData: number; hoursExpected: number } | null;
}

/** Each site's reporting completeness, least complete first, so that the sites to call stand out. */
export function completenessRows(stats: SeasonStats): CompletenessRow[] {
  const names = new Map(stats.sites.map((s) => [s.id, s.name]));
  const share = (c: { hoursWithData: number; hoursExpected: number }) => (c.hoursExpected === 0 ? 1 : c.hoursWithData / c.hoursExpected);
  return stats.completeness
    .map((c) => {
      const weakest = c.days.reduce<(typeof c.days)[number] | null>((worst, d) => (share(d) < 1 && (worst === null || share(d) < share(worst)) ? d : worst), null);
      return { siteId: c.siteId, name: names.get(c.siteId) ?? c.siteId, hoursWithData: c.hoursWithData, hoursExpected: c.hoursExpected, share: share(c), weakestDay: weakest };
    })
    .sort((a, b) => a.share - b.share || a.name.localeCompare(b.name));
}
