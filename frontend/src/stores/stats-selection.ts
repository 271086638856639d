import type { EditionDates, SeasonStatsQuery } from '@marhaba/shared';

/** What the statistics page shows: an edition, optionally narrowed to local days and one site. */
export interface StatsSelection {
  year: number;
  /** First local day, null for the edition's first day. */
  from: string | null;
  /** Last local day (inclusive), null for the edition's last day. */
  to: string | null;
  siteId: string | null;
}

export type SelectionInput = Partial<Record<keyof StatsSelection, string | number | null>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A selection the API accepts, from anything (the address bar, a form): an unknown year falls back to
 * the latest edition, days outside the edition or malformed are dropped, a reversed range is put
 * right, and a range that covers the whole edition is no range at all. Null when there is no edition.
 */
export function normalizeSelection(input: SelectionInput, editions: EditionDates[]): StatsSelection | null {
  if (editions.length === 0) return null;
  const latest = editions.reduce((a, b) => (b.year > a.year ? b : a));
  const edition = editions.find((e) => e.year === Number(input.year)) ?? latest;
  const day = (value: unknown) => (typeof value === 'string' && DAY.test(value) && value >= edition.startsOn && value <= edition.endsOn ? value : null);
  let from = day(input.from);
  let to = day(input.to);
  if (from && to && from > to) [from, to] = [to, from];
  return {
    year: edition.year,
    from: from === edition.startsOn ? null : from,
    to: to === edition.endsOn ? null : to,
    siteId: typeof input.siteId === 'string' && input.siteId !== '' ? input.siteId : null,
  };
}

/** The query of `GET /api/stats/season/:year` (and of its exports) for a selection. */
export function statsQuery(selection: StatsSelection): SeasonStatsQuery {
  return { ...(selection.from && { from: selection.from }), ...(selection.to && { to: selection.to }), ...(selection.siteId && { siteId: selection.siteId }) };
}

/** The page's address query (`?year=2024&from=…&to=…&site=…`), so that a selection can be bookmarked and shared. */
export function selectionToRoute(selection: StatsSelection): Record<string, string> {
  const { siteId, ...days } = statsQuery(selection);
  return { year: String(selection.year), ...days, ...(siteId && { site: siteId }) };
}

export function selectionFromRoute(query: Record<string, unknown>): SelectionInput {
  const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);
  const text = (value: unknown) => (typeof one(value) === 'string' ? (one(value) as string) : null);
  return { year: text(query.year), from: text(query.from), to: text(query.to), siteId: text(query.site) };
}

export function sameSelection(a: StatsSelection | null, b: StatsSelection | null): boolean {
  return a !== null && b !== null && a.year === b.year && a.from === b.from && a.to === b.to && a.siteId === b.siteId;
}
