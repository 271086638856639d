import { countsTowardsTotals, emptyCaseCounts, isBusStaging, type CaseCategory, type Channel, type Site } from '@marhaba/shared';
import { escalatingChanges } from './season-cases.js';
import type { DayPlan } from './season-plan.js';

export interface FlowTally {
  people: number;
  vehicles: number;
  byChannel: Record<Channel, number>;
}

/** What a played season adds up to, counted as the statistics count it (crossing points in the totals). */
export interface SeasonTally {
  arrivals: FlowTally;
  departures: FlowTally;
  assistance: Record<CaseCategory, number>;
  escalated: number;
  busStaging: { passengers: number; buses: number; minibuses: number };
  movements: number;
  caseChanges: number;
  holdingReports: number;
}

const flow = (): FlowTally => ({ people: 0, vehicles: 0, byChannel: { sea: 0, air: 0 } });

export function emptyTally(): SeasonTally {
  return {
    arrivals: flow(),
    departures: flow(),
    assistance: emptyCaseCounts(),
    escalated: 0,
    busStaging: { passengers: 0, buses: 0, minibuses: 0 },
    movements: 0,
    caseChanges: 0,
    holdingReports: 0,
  };
}

/** Adds a day's plan to a tally. */
export function addToTally(tally: SeasonTally, plan: DayPlan, sites: Map<string, Site>): SeasonTally {
  for (const { movement: m } of plan.movements) {
    const site = sites.get(m.siteId);
    if (!site) continue;
    tally.movements++;
    if (countsTowardsTotals(site)) {
      const f = m.direction === 'arrival' ? tally.arrivals : tally.departures;
      f.people += m.people;
      f.vehicles += m.vehicles;
      f.byChannel[site.channel] += m.people;
    }
    if (isBusStaging(site, m.mode)) {
      tally.busStaging.passengers += m.people;
      tally.busStaging[m.mode === 'bus' ? 'buses' : 'minibuses'] += m.vehicles;
    }
  }
  for (const c of plan.cases) {
    tally.assistance[c.input.category]++;
    tally.caseChanges += c.changes.length;
    if (escalatingChanges(c).length > 0) tally.escalated++;
  }
  tally.holdingReports += plan.holding.length;
  return tally;
}
