import { CASE_CATEGORIES, type SiteKind } from './enums.js';
import type { CaseCounts, TrafficFigures } from './live.js';
import { countsTowardsTotals } from './site-rules.js';

export function emptyFigures(): TrafficFigures {
  return { arrivals: { people: 0, vehicles: 0 }, departures: { people: 0, vehicles: 0 } };
}

export function emptyCaseCounts(): CaseCounts {
  return Object.fromEntries(CASE_CATEGORIES.map((c) => [c, 0])) as CaseCounts;
}

/** Adds `add` into `into` (people and vehicles, both directions). */
export function addFigures(into: TrafficFigures, add: TrafficFigures): TrafficFigures {
  into.arrivals.people += add.arrivals.people;
  into.arrivals.vehicles += add.arrivals.vehicles;
  into.departures.people += add.departures.people;
  into.departures.vehicles += add.departures.vehicles;
  return into;
}

/**
 * The one way live figures add up (DESIGN.md, "Totals"): the crossings into and out of Morocco make the
 * total; rest areas and ports abroad are added apart, never into it.
 */
export function splitTotals(entries: Iterable<{ site: { kind: SiteKind; country: string }; figures: TrafficFigures }>): { crossings: TrafficFigures; apart: TrafficFigures } {
  const crossings = emptyFigures();
  const apart = emptyFigures();
  for (const { site, figures } of entries) addFigures(countsTowardsTotals(site) ? crossings : apart, figures);
  return { crossings, apart };
}
