import { CASE_CATEGORIES, CHANNELS, countsTowardsTotals, DIRECTIONS, isStagingSite, weekdayOf, type CaseCategory, type Direction, type Site } from '@marhaba/shared';
import { apportion, seededRandom } from './random.js';
import {
  ARRIVAL_SHAPE,
  BORDER_CAPACITY,
  BORDER_CLEARING_HOURS,
  CASE_AFFINITY,
  DAILY_NOISE,
  DEFAULT_PROFILES,
  DEPARTURE_RECORD,
  DEPARTURE_SHAPE,
  ESCALATION_PROPENSITY,
  SITE_PROFILES,
  STAGED_WEIGHT,
  WEEKDAY,
  type SiteProfile,
} from './season-profiles.js';
import { shapeAt } from './season-sampling.js';
import type { SeasonTargets } from './season-plan.js';

/** Per site and category, one count per day of the season. */
type Daily = Map<string, number[]>;

/** A season's targets shared out over sites and days, exactly: what each day plays. */
export interface SeasonBudget {
  /** The relative level of each day, by direction (phase, weekday, noise). */
  weights: Record<Direction, number[]>;
  /** People at each crossing point. */
  people: Record<Direction, Daily>;
  cases: Map<CaseCategory, Daily>;
  escalated: Map<CaseCategory, Daily>;
  /** Staged buses, minibuses and their passengers at the one staging area (null: none in the edition). */
  bus: { siteId: string | null; buses: number[]; minibuses: number[]; passengers: number[] };
  /** Vehicles per hour that cross a land border outwards: set so that the busiest day's queue drains by night. */
  borderCapacity: Map<string, number>;
}

export function profileOf(site: Site): SiteProfile {
  return SITE_PROFILES[site.id] ?? DEFAULT_PROFILES[site.kind];
}

/** Shares out `targets` over the active `sites` and `days`, weighted by the season's shape and the sites' profiles. */
export function seasonBudget(year: number, days: string[], sites: Site[], targets: SeasonTargets, seed: string): SeasonBudget {
  const noise = seededRandom(seed, year, 'shape');
  const weights = {
    arrival: days.map((d) => shapeAt(ARRIVAL_SHAPE, d) * WEEKDAY.arrival[weekdayOf(d)] * (1 + DAILY_NOISE * (2 * noise() - 1))),
    departure: days.map((d) => shapeAt(DEPARTURE_SHAPE, d) * WEEKDAY.departure[weekdayOf(d)] * (1 + DAILY_NOISE * (2 * noise() - 1))),
  };
  const record = days.findIndex((d) => d.endsWith(DEPARTURE_RECORD.monthDay));
  if (record >= 0) {
    const others = weights.departure.filter((_, i) => i !== record);
    weights.departure[record] = Math.max(...others) * DEPARTURE_RECORD.margin;
  }
  const perSite = (flat: number[], of: Site[]): Daily => new Map(of.map((s, i) => [s.id, flat.slice(i * days.length, (i + 1) * days.length)]));

  const people: Record<Direction, Daily> = { arrival: new Map(), departure: new Map() };
  for (const direction of DIRECTIONS) {
    for (const channel of CHANNELS) {
      const crossing = sites.filter((s) => countsTowardsTotals(s) && s.channel === channel);
      const target = (direction === 'arrival' ? targets.arrivals : targets.departures)[channel];
      if (crossing.length === 0 && target > 0) throw new Error(`no active ${channel} crossing point to carry the ${channel} traffic`);
      const flat = apportion(target, crossing.flatMap((s) => weights[direction].map((w) => w * (profileOf(s).share ?? 0))));
      for (const [id, daily] of perSite(flat, crossing)) people[direction].set(id, daily);
    }
  }

  const traffic = days.map((_, d) => weights.arrival[d] + weights.departure[d]);
  const escalations = apportion(
    targets.escalated,
    CASE_CATEGORIES.map((c) => targets.cases[c] * ESCALATION_PROPENSITY[c]),
  );
  const cases = new Map<CaseCategory, Daily>();
  const escalated = new Map<CaseCategory, Daily>();
  CASE_CATEGORIES.forEach((c, k) => {
    const cells = sites.flatMap((s) => traffic.map((t) => t * profileOf(s).cases * CASE_AFFINITY[s.country === 'MA' ? s.kind : 'abroad'][c]));
    const opened = apportion(targets.cases[c], cells);
    cases.set(c, perSite(opened, sites));
    escalated.set(c, perSite(apportion(Math.min(escalations[k], targets.cases[c]), opened), sites));
  });

  const stagingSite = sites.find((s) => profileOf(s).busStaging) ?? sites.find(isStagingSite) ?? null;
  const buses = apportion(targets.busStaging.buses, traffic);
  const minibuses = apportion(targets.busStaging.minibuses, traffic);
  const bus = {
    siteId: stagingSite?.id ?? null,
    buses,
    minibuses,
    passengers: apportion(targets.busStaging.passengers, days.map((_, d) => buses[d] * STAGED_WEIGHT.bus + minibuses[d] * STAGED_WEIGHT.minibus)),
  };

  const borderCapacity = new Map<string, number>();
  for (const s of sites.filter((x) => x.kind === 'land_border')) {
    const busiest = Math.max(...(people.departure.get(s.id) ?? [0]));
    borderCapacity.set(s.id, Math.max(BORDER_CAPACITY.min, (busiest * BORDER_CAPACITY.vehicleShare) / BORDER_CAPACITY.perVehicle / BORDER_CLEARING_HOURS));
  }
  return { weights, people, cases, escalated, bus, borderCapacity };
}
