import {
  addDays,
  CASE_CATEGORIES,
  countsTowardsTotals,
  daysBetween,
  DIRECTIONS,
  modeAllowedAt,
  operationDayStart,
  type CaseCategory,
  type Direction,
  type EditionDates,
  type Site,
  type AssistanceDayFigure,
  type TrafficDayFigure,
} from '@marhaba/shared';
import type { PublishedFigures } from '../reference/reference-data.js';
import { apportion, seededRandom, seededUuid } from './random.js';
import { borderDepartures } from './border-queue.js';
import { profileOf, seasonBudget, type SeasonBudget } from './season-budget.js';
import { casesOfDay } from './season-cases.js';
import type { DayPlan, PlannedHolding, PlannedMovement, SeasonTargets } from './season-plan.js';
import { BORDER_CAPACITY, DAILY_PEOPLE_PER_VEHICLE, DEPARTURES_PER_ARRIVAL, HOLDING_REPORT_EVERY, type Line, type SiteProfile } from './season-profiles.js';
import { flights, portDepartures, restAreaPassing, sailingsIn, stagedBuses, type DayTraffic } from './season-traffic.js';

// The demo imports the plan's shapes with the model.
export type { DayPlan, PlannedCase } from './season-plan.js';

function complete(p: PublishedFigures | undefined): p is PublishedFigures & Required<Pick<PublishedFigures, 'arrivals' | 'arrivalsByChannel' | 'assistance' | 'centralOffice' | 'busStaging'>> {
  return !!p?.arrivals && !!p.arrivalsByChannel && !!p.centralOffice && !!p.busStaging && CASE_CATEGORIES.every((c) => p.assistance?.[c] !== undefined);
}

/**
 * The season totals to hit for an edition: its published figures when complete (2024), else the latest
 * complete edition's, scaled by the edition's published arrivals when known (2023). `scale` shrinks a
 * season for tests. Departures are not published: `DEPARTURES_PER_ARRIVAL` of arrivals.
 */
export function seasonTargets(year: number, published: PublishedFigures[], scale = 1): SeasonTargets {
  const own = published.find((p) => p.year === year);
  const base = complete(own) ? own : [...published].sort((a, b) => b.year - a.year).find(complete);
  if (!base) throw new Error('no complete published season to calibrate on (backend/data/editions.json)');
  const ratio = (own?.arrivals ?? base.arrivals) / base.arrivals;
  const f = (n: number) => Math.round(n * ratio * scale);
  const arrivalsTotal = f(base.arrivals);
  const [sea, air] = apportion(arrivalsTotal, [base.arrivalsByChannel.sea, base.arrivalsByChannel.air]);
  const [depSea, depAir] = apportion(Math.round(arrivalsTotal * DEPARTURES_PER_ARRIVAL), [sea, air]);
  const cases = Object.fromEntries(CASE_CATEGORIES.map((c) => [c, f(base.assistance[c] ?? 0)])) as Record<CaseCategory, number>;
  return {
    arrivals: { sea, air },
    departures: { sea: depSea, air: depAir },
    cases,
    escalated: Math.min(f(base.centralOffice), CASE_CATEGORIES.reduce((s, c) => s + cases[c], 0)),
    busStaging: { passengers: f(base.busStaging.passengers), buses: f(base.busStaging.buses), minibuses: f(base.busStaging.minibuses) },
  };
}

/**
 * A Marhaba season at every site: daily totals shaped by phase and weekday, apportioned over sites and
 * days so that the season adds up exactly to its targets (`season-budget.ts`), then expanded day by day
 * into what tablets send: movements per vehicle or group, one per flight (`season-traffic.ts`, land
 * borders in `border-queue.ts`); cases and their status changes (`season-cases.ts`); holding-area
 * reports. A day depends only on the seed and the season budget, so any single day can be played alone
 * (the demo's live mode) and a whole season replays identically.
 */
export class SeasonModel {
  readonly days: string[];
  private readonly sites: Site[];
  private readonly byId: Map<string, Site>;
  private readonly budget: SeasonBudget;

  /** Minutes between two holding-area reports. */
  private readonly holdingEvery: number;

  /** `scale` < 1 (a shrunk season for tests) also spaces the holding-area reports, which do not scale with traffic. */
  constructor(
    readonly edition: EditionDates,
    sites: Site[],
    readonly targets: SeasonTargets,
    readonly seed: string,
    scale = 1,
  ) {
    this.holdingEvery = HOLDING_REPORT_EVERY.find((m) => m >= HOLDING_REPORT_EVERY[0] / Math.sqrt(Math.min(1, scale))) ?? HOLDING_REPORT_EVERY[HOLDING_REPORT_EVERY.length - 1];
    this.days = daysBetween(edition.startsOn, edition.endsOn);
    this.sites = sites.filter((s) => s.active);
    this.byId = new Map(this.sites.map((s) => [s.id, s]));
    this.budget = seasonBudget(edition.year, this.days, this.sites, targets, seed);
  }

  /** The day a local date falls on in this season, or -1. */
  dayIndex(day: string): number {
    return this.days.indexOf(day);
  }

  /** People crossing at `siteId` on day `index` (crossing points only). */
  plannedPeople(direction: Direction, siteId: string, index: number): number {
    return this.budget.people[direction].get(siteId)?.[index] ?? 0;
  }

  /**
   * The whole season as daily figures per site, the shape of an import (`POST /api/imports`): people each
   * way at every crossing point, cases and escalations per category. It adds up to the same season totals as
   * the plays, without expanding the days into movements (rest areas and bus staging have no daily budget).
   */
  dailyFigures(): { traffic: TrafficDayFigure[]; assistance: AssistanceDayFigure[] } {
    const traffic: TrafficDayFigure[] = [];
    const assistance: AssistanceDayFigure[] = [];
    this.days.forEach((date, index) => {
      for (const site of this.sites) {
        if (!countsTowardsTotals(site)) continue;
        for (const direction of DIRECTIONS) {
          const people = this.plannedPeople(direction, site.id, index);
          const vehicles = modeAllowedAt('plane', site.kind) ? 0 : Math.round(people / DAILY_PEOPLE_PER_VEHICLE);
          traffic.push({ date, siteId: site.id, direction, people, vehicles });
        }
      }
      for (const category of CASE_CATEGORIES) {
        for (const [siteId, perDay] of this.budget.cases.get(category) ?? []) {
          const cases = perDay[index] ?? 0;
          const escalated = Math.min(cases, this.budget.escalated.get(category)?.get(siteId)?.[index] ?? 0);
          if (cases > 0) assistance.push({ date, siteId, category, cases, escalated });
        }
      }
    });
    return { traffic, assistance };
  }

  /**
   * What every site sends on day `index`. `salt` varies the ids and details (not the totals) so that the
   * demo can play the same season day on several real days without reusing ids.
   */
  planDay(index: number, salt = ''): DayPlan {
    const day = this.days[index];
    const random = seededRandom(this.seed, this.edition.year, salt, day);
    const start = operationDayStart(day).getTime();
    const length = (operationDayStart(addDays(day, 1)).getTime() - start) / 60_000;
    const at = (minute: number) => start + Math.round(Math.min(length - 0.02, Math.max(0, minute)) * 60_000);
    const movements: PlannedMovement[] = [];
    const holding: PlannedHolding[] = [];
    const traffic: DayTraffic = {
      random,
      holdingEvery: this.holdingEvery,
      add: (siteId, direction, unit, minute) => {
        const t = at(minute);
        movements.push({
          at: t,
          movement: { id: seededUuid(random), siteId, direction, mode: unit.mode, people: unit.people, vehicles: unit.vehicles, occurredAt: new Date(t).toISOString() },
        });
      },
      report: (siteId, minute, vehiclesWaiting, estimatedWaitMinutes) => {
        const t = at(minute);
        holding.push({ at: t, siteId, report: { id: seededUuid(random), vehiclesWaiting, estimatedWaitMinutes: Math.round(estimatedWaitMinutes), reportedAt: new Date(t).toISOString() } });
      },
    };
    const seaCrossings = this.sites.filter((s) => countsTowardsTotals(s) && s.channel === 'sea').reduce((sum, s) => sum + this.plannedPeople('arrival', s.id, index) + this.plannedPeople('departure', s.id, index), 0);
    const { weights } = this.budget;
    const arrivalShare = weights.arrival[index] / (weights.arrival[index] + weights.departure[index]);

    for (const site of this.sites) {
      const profile = profileOf(site);
      if (modeAllowedAt('plane', site.kind)) {
        for (const direction of DIRECTIONS) flights(site, profile, direction, this.plannedPeople(direction, site.id, index), traffic);
      } else if (countsTowardsTotals(site)) {
        sailingsIn(site, profile, this.lines(profile), this.plannedPeople('arrival', site.id, index), traffic);
        this.departuresFrom(site, profile, index, traffic);
      } else if (site.kind === 'rest_area') {
        restAreaPassing(site, profile, seaCrossings, arrivalShare, traffic);
      }
    }
    stagedBuses(this.budget.bus, index, arrivalShare, traffic);
    movements.sort((a, b) => a.at - b.at);
    holding.sort((a, b) => a.at - b.at);
    return { day, movements, cases: casesOfDay(this.budget, this.sites.map((s) => s.id), index, random, at), holding };
  }

  /** The ferry lines into a crossing from ports that are sites of this edition (or from elsewhere). */
  private lines(profile: SiteProfile): Line[] {
    return (profile.lines ?? []).filter((l) => l.from === null || this.byId.has(l.from));
  }

  private departuresFrom(site: Site, profile: SiteProfile, index: number, traffic: DayTraffic): void {
    const people = this.plannedPeople('departure', site.id, index);
    if (site.kind === 'land_border') {
      borderDepartures(site, people, this.budget.borderCapacity.get(site.id) ?? BORDER_CAPACITY.fallback, traffic);
      return;
    }
    const busiest = Math.max(1, ...(this.budget.people.departure.get(site.id) ?? [1]));
    portDepartures(site, profile, people, people / busiest, traffic);
  }
}
