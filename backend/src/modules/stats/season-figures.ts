import {
  CASE_CATEGORIES,
  countsTowardsTotals,
  emptyCaseCounts,
  isBusStaging,
  type CaseCounts,
  type Channel,
  type DayFigures,
  type PeakDay,
  type PreviousSite,
  type SeasonFlow,
  type SeasonStats,
  type Site,
  type SiteCases,
} from '@marhaba/shared';
import type { CaseRow, DailyRow, TrafficRow } from './stats.repository.js';

export type SeasonFigures = Pick<SeasonStats, 'arrivals' | 'departures' | 'daily' | 'peaks' | 'assistance' | 'centralOffice' | 'busStaging'>;

function emptyFlow(): SeasonFlow {
  return { people: 0, vehicles: 0, byChannel: { sea: 0, air: 0 }, bySite: [] };
}

function peak(daily: DayFigures[], key: 'arrivals' | 'departures'): PeakDay | null {
  let best: PeakDay | null = null;
  for (const d of daily) if (d[key] > (best?.people ?? 0)) best = { date: d.date, people: d[key] };
  return best;
}

const byPeopleThenId = (a: { people: number; siteId: string }, b: { people: number; siteId: string }) => b.people - a.people || a.siteId.localeCompare(b.siteId);

/**
 * Turns rollup rows into the season's figures. Totals (people, vehicles, channels, daily, peaks) add up
 * the sites in `totalsSiteIds`; `bySite` lists every selected site. Bus staging is the bus and minibus
 * movements at rest areas (`isBusStaging`).
 */
export function seasonFigures(input: { days: string[]; sites: Site[]; selectedSiteIds: string[]; totalsSiteIds: Set<string>; traffic: TrafficRow[]; daily: DailyRow[]; cases: CaseRow[] }): SeasonFigures {
  const site = new Map(input.sites.map((s) => [s.id, s]));
  const flows = { arrival: emptyFlow(), departure: emptyFlow() };
  const perSite = { arrival: new Map<string, { people: number; vehicles: number }>(), departure: new Map<string, { people: number; vehicles: number }>() };
  for (const direction of ['arrival', 'departure'] as const) {
    for (const id of input.selectedSiteIds) perSite[direction].set(id, { people: 0, vehicles: 0 });
  }
  const busStaging = { passengers: 0, buses: 0, minibuses: 0 };
  for (const row of input.traffic) {
    const s = site.get(row.siteId);
    const entry = perSite[row.direction].get(row.siteId);
    if (!s || !entry) continue;
    entry.people += row.people;
    entry.vehicles += row.vehicles;
    if (input.totalsSiteIds.has(row.siteId)) {
      const flow = flows[row.direction];
      flow.people += row.people;
      flow.vehicles += row.vehicles;
      flow.byChannel[s.channel as Channel] += row.people;
    }
    if (row.mode !== null && isBusStaging(s, row.mode)) {
      busStaging.passengers += row.people;
      busStaging[row.mode === 'bus' ? 'buses' : 'minibuses'] += row.vehicles;
    }
  }
  for (const direction of ['arrival', 'departure'] as const) {
    flows[direction].bySite = [...perSite[direction]].map(([siteId, f]) => ({ siteId, ...f })).sort(byPeopleThenId);
  }

  const byDay = new Map(input.days.map((date): [string, DayFigures] => [date, { date, arrivals: 0, departures: 0 }]));
  for (const row of input.daily) {
    const day = byDay.get(row.day);
    if (day) day[row.direction === 'arrival' ? 'arrivals' : 'departures'] += row.people;
  }
  const daily = [...byDay.values()];

  const assistanceByCategory = emptyCaseCounts();
  const escalatedByCategory = emptyCaseCounts();
  const casesBySite = new Map(input.selectedSiteIds.map((siteId): [string, SiteCases] => [siteId, { siteId, total: 0, byCategory: emptyCaseCounts() }]));
  for (const row of input.cases) {
    const entry = casesBySite.get(row.siteId);
    if (!entry) continue;
    entry.total += row.opened;
    entry.byCategory[row.category] += row.opened;
    assistanceByCategory[row.category] += row.opened;
    escalatedByCategory[row.category] += row.escalated;
  }
  const sum = (counts: CaseCounts) => CASE_CATEGORIES.reduce((total, c) => total + counts[c], 0);

  return {
    arrivals: flows.arrival,
    departures: flows.departure,
    daily,
    peaks: { arrivals: peak(daily, 'arrivals'), departures: peak(daily, 'departures') },
    assistance: {
      total: sum(assistanceByCategory),
      byCategory: assistanceByCategory,
      bySite: [...casesBySite.values()].sort((a, b) => b.total - a.total || a.siteId.localeCompare(b.siteId)),
    },
    centralOffice: { processed: sum(escalatedByCategory), byCategory: escalatedByCategory },
    busStaging,
  };
}

/** The sites whose traffic makes the totals: the filtered site alone, or every crossing point. */
export function totalsSiteIds(sites: Site[], siteId: string | null): Set<string> {
  return new Set(siteId ? [siteId] : sites.filter(countsTowardsTotals).map((s) => s.id));
}

/** Change in percent with two decimals, or null when either side is unknown (or the base is zero). */
export function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 10_000) / 100;
}

/** The previous edition's figures of each site selected now (zeros where it had none, or no data at all). */
export function previousBySite(current: SeasonFigures, previous: SeasonFigures | null): PreviousSite[] {
  const people = (flow: SeasonFigures['arrivals'] | undefined) => new Map((flow?.bySite ?? []).map((s) => [s.siteId, s.people]));
  const arrivals = people(previous?.arrivals);
  const departures = people(previous?.departures);
  const cases = new Map((previous?.assistance.bySite ?? []).map((s) => [s.siteId, s.total]));
  return current.arrivals.bySite.map(({ siteId }) => ({ siteId, arrivals: arrivals.get(siteId) ?? 0, departures: departures.get(siteId) ?? 0, assistance: cases.get(siteId) ?? 0 }));
}
