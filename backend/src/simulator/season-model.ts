import {
  addDays,
  AGE_BANDS,
  CASE_CATEGORIES,
  CASE_SUBCATEGORIES,
  CHANNELS,
  countsTowardsTotals,
  daysBetween,
  operationDayStart,
  SEXES,
  VULNERABILITIES,
  type CaseCategory,
  type CaseCreate,
  type CaseStatus,
  type Channel,
  type Direction,
  type Edition,
  type HoldingReportInput,
  type Mode,
  type MovementInput,
  type Priority,
  type Site,
} from '@marhaba/shared';
import type { PublishedFigures } from '../reference/reference-data.js';
import { apportion, between, pickWeighted, seededRandom, seededUuid, shuffle, type Random } from './random.js';
import {
  ARRIVAL_SHAPE,
  BORDER_CLEARING_HOURS,
  CASE_AFFINITY,
  DAILY_NOISE,
  DEFAULT_PROFILES,
  DEPARTURE_RECORD,
  DEPARTURE_SHAPE,
  DEPARTURES_PER_ARRIVAL,
  ESCALATION_PROPENSITY,
  HOURS,
  OCCUPANCY,
  SITE_PROFILES,
  STAGED_OCCUPANCY,
  UNIT_MIX,
  WEEKDAY,
  type Line,
  type SiteProfile,
} from './season-profiles.js';

/** What a whole season adds up to in the statistics; the model hits these exactly. */
export interface SeasonTargets {
  arrivals: Record<Channel, number>;
  departures: Record<Channel, number>;
  cases: Record<CaseCategory, number>;
  escalated: number;
  busStaging: { passengers: number; buses: number; minibuses: number };
}

export interface PlannedMovement {
  at: number;
  movement: MovementInput;
}

/** A change of status, made by the site's assistant or (for escalated cases) the Central Coordination Office. */
export interface PlannedChange {
  at: number;
  by: 'site' | 'coordinator';
  patch: { changeId: string; version: number; status: CaseStatus };
}

export interface PlannedCase {
  at: number;
  input: CaseCreate;
  changes: PlannedChange[];
}

export interface PlannedHolding {
  at: number;
  siteId: string;
  report: HoldingReportInput;
}

/** Everything the sites send on one local day, each list in time order. */
export interface DayPlan {
  day: string;
  movements: PlannedMovement[];
  cases: PlannedCase[];
  holding: PlannedHolding[];
}

const DIRECTIONS_BOTH = ['arrival', 'departure'] as const;

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

/** Linear interpolation of a month-day shape. */
function shapeAt(shape: readonly (readonly [string, number])[], day: string): number {
  const md = day.slice(5);
  if (md <= shape[0][0]) return shape[0][1];
  for (let i = 1; i < shape.length; i++) {
    const [a, va] = shape[i - 1];
    const [b, vb] = shape[i];
    if (md <= b) {
      const year = day.slice(0, 4);
      const span = (Date.parse(`${year}-${b}`) - Date.parse(`${year}-${a}`)) / 86_400_000;
      return va + ((vb - va) * (Date.parse(day) - Date.parse(`${year}-${a}`))) / 86_400_000 / Math.max(1, span);
    }
  }
  return shape[shape.length - 1][1];
}

function sampleMinute(hours: readonly number[], random: Random, min = 0, max = 1440): number {
  const weighted = hours.map((w, h) => [h, h * 60 + 60 <= min || h * 60 >= max ? 0 : w] as const);
  const hour = pickWeighted(weighted, random);
  return Math.min(max - 0.01, Math.max(min, hour * 60 + random() * 60));
}

interface Unit {
  mode: Mode;
  people: number;
  vehicles: number;
}

/** Vehicles and groups carrying exactly `people` travellers. */
function units(people: number, mix: readonly (readonly [Mode, number])[], random: Random): Unit[] {
  const out: Unit[] = [];
  for (let left = people; left > 0; ) {
    const mode = pickWeighted(mix, random);
    const size = mode === 'bus' ? between(25, 55, random) : pickWeighted(OCCUPANCY[mode as 'car' | 'motorcycle' | 'foot'], random);
    const n = Math.min(size, left);
    out.push({ mode, people: n, vehicles: mode === 'foot' ? 0 : 1 });
    left -= n;
  }
  return out;
}

const PRIORITIES: Record<CaseCategory, readonly (readonly [Priority, number])[]> = {
  information: [['low', 40], ['normal', 60]],
  administrative: [['low', 15], ['normal', 70], ['high', 15]],
  customs: [['low', 15], ['normal', 70], ['high', 15]],
  medical: [['normal', 71], ['high', 25], ['critical', 4]],
  transport: [['normal', 80], ['high', 20]],
};

/**
 * A Marhaba season at every site: daily totals shaped by phase and weekday, apportioned over sites and
 * days so that the season adds up exactly to its targets, then expanded day by day into what tablets
 * send (movements per vehicle or group, one per flight; cases and their status changes; holding-area
 * reports). A day depends only on the seed and the season budget, so any single day can be played alone
 * (the demo's live mode) and a whole season replays identically.
 */
export class SeasonModel {
  readonly days: string[];
  private readonly sites: Site[];
  private readonly byId: Map<string, Site>;
  private readonly weights: Record<Direction, number[]>;
  private readonly people: Record<Direction, Map<string, number[]>> = { arrival: new Map(), departure: new Map() };
  private readonly cases = new Map<CaseCategory, Map<string, number[]>>();
  private readonly escalated = new Map<CaseCategory, Map<string, number[]>>();
  private readonly bus: { siteId: string | null; buses: number[]; minibuses: number[]; passengers: number[] };
  /** Vehicles per hour that cross a land border outwards: set so that the busiest day's queue drains by night. */
  private readonly borderCapacity = new Map<string, number>();

  /** Minutes between two holding-area reports. */
  private readonly holdingEvery: number;

  /** `scale` < 1 (a shrunk season for tests) also spaces the holding-area reports, which do not scale with traffic. */
  constructor(
    readonly edition: Edition,
    sites: Site[],
    readonly targets: SeasonTargets,
    readonly seed: string,
    scale = 1,
  ) {
    this.holdingEvery = [30, 60, 120, 240, 360, 720].find((m) => m >= 30 / Math.sqrt(Math.min(1, scale))) ?? 720;
    this.days = daysBetween(edition.startsOn, edition.endsOn);
    this.sites = sites.filter((s) => s.active);
    this.byId = new Map(this.sites.map((s) => [s.id, s]));
    const noise = seededRandom(seed, edition.year, 'shape');
    this.weights = {
      arrival: this.days.map((d) => shapeAt(ARRIVAL_SHAPE, d) * WEEKDAY.arrival[new Date(d).getUTCDay()] * (1 + DAILY_NOISE * (2 * noise() - 1))),
      departure: this.days.map((d) => shapeAt(DEPARTURE_SHAPE, d) * WEEKDAY.departure[new Date(d).getUTCDay()] * (1 + DAILY_NOISE * (2 * noise() - 1))),
    };
    const record = this.days.findIndex((d) => d.endsWith(DEPARTURE_RECORD.monthDay));
    if (record >= 0) {
      const others = this.weights.departure.filter((_, i) => i !== record);
      this.weights.departure[record] = Math.max(...others) * DEPARTURE_RECORD.margin;
    }

    for (const direction of DIRECTIONS_BOTH) {
      for (const channel of CHANNELS) {
        const crossing = this.sites.filter((s) => countsTowardsTotals(s) && s.channel === channel);
        const target = (direction === 'arrival' ? targets.arrivals : targets.departures)[channel];
        if (crossing.length === 0 && target > 0) throw new Error(`no active ${channel} crossing point to carry the ${channel} traffic`);
        const flat = apportion(target, crossing.flatMap((s) => this.weights[direction].map((w) => w * (this.profile(s).share ?? 0))));
        crossing.forEach((s, i) => this.people[direction].set(s.id, flat.slice(i * this.days.length, (i + 1) * this.days.length)));
      }
    }

    const traffic = this.days.map((_, d) => this.weights.arrival[d] + this.weights.departure[d]);
    const escalations = apportion(
      targets.escalated,
      CASE_CATEGORIES.map((c) => targets.cases[c] * ESCALATION_PROPENSITY[c]),
    );
    CASE_CATEGORIES.forEach((c, k) => {
      const cells = this.sites.flatMap((s) => traffic.map((t) => t * this.profile(s).cases * CASE_AFFINITY[s.country === 'MA' ? s.kind : 'abroad'][c]));
      const opened = apportion(targets.cases[c], cells);
      const escalated = apportion(Math.min(escalations[k], targets.cases[c]), opened);
      const perSite = (flat: number[]) => new Map(this.sites.map((s, i) => [s.id, flat.slice(i * this.days.length, (i + 1) * this.days.length)]));
      this.cases.set(c, perSite(opened));
      this.escalated.set(c, perSite(escalated));
    });

    const stagingSite = this.sites.find((s) => this.profile(s).busStaging) ?? this.sites.find((s) => s.kind === 'rest_area') ?? null;
    const buses = apportion(targets.busStaging.buses, traffic);
    const minibuses = apportion(targets.busStaging.minibuses, traffic);
    this.bus = {
      siteId: stagingSite?.id ?? null,
      buses,
      minibuses,
      passengers: apportion(targets.busStaging.passengers, this.days.map((_, d) => buses[d] * 50 + minibuses[d] * 14)),
    };

    for (const s of this.sites.filter((x) => x.kind === 'land_border')) {
      const busiest = Math.max(...(this.people.departure.get(s.id) ?? [0]));
      this.borderCapacity.set(s.id, Math.max(20, (busiest * 0.8) / 3.4 / BORDER_CLEARING_HOURS));
    }
  }

  private profile(site: Site): SiteProfile {
    return SITE_PROFILES[site.id] ?? DEFAULT_PROFILES[site.kind];
  }

  /** The day a local date falls on in this season, or -1. */
  dayIndex(day: string): number {
    return this.days.indexOf(day);
  }

  /** People crossing at `siteId` on day `index` (crossing points only). */
  plannedPeople(direction: Direction, siteId: string, index: number): number {
    return this.people[direction].get(siteId)?.[index] ?? 0;
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
    const add = (siteId: string, direction: Direction, unit: Unit, minute: number) => {
      const t = at(minute);
      movements.push({
        at: t,
        movement: { id: seededUuid(random), siteId, direction, mode: unit.mode, people: unit.people, vehicles: unit.vehicles, occurredAt: new Date(t).toISOString() },
      });
    };
    const holding: PlannedHolding[] = [];
    const report = (siteId: string, minute: number, vehiclesWaiting: number, estimatedWaitMinutes: number) => {
      const t = at(minute);
      holding.push({ at: t, siteId, report: { id: seededUuid(random), vehiclesWaiting, estimatedWaitMinutes: Math.round(estimatedWaitMinutes), reportedAt: new Date(t).toISOString() } });
    };
    const seaCrossings = this.sites.filter((s) => countsTowardsTotals(s) && s.channel === 'sea').reduce((sum, s) => sum + this.plannedPeople('arrival', s.id, index) + this.plannedPeople('departure', s.id, index), 0);
    const arrivalShare = this.weights.arrival[index] / (this.weights.arrival[index] + this.weights.departure[index]);

    for (const site of this.sites) {
      const profile = this.profile(site);
      if (site.kind === 'airport') {
        for (const direction of DIRECTIONS_BOTH) this.flights(site, profile, direction, this.plannedPeople(direction, site.id, index), random, add);
      } else if (countsTowardsTotals(site)) {
        this.sailingsIn(site, profile, this.plannedPeople('arrival', site.id, index), random, add);
        this.sailingsOut(site, profile, this.plannedPeople('departure', site.id, index), random, add, report);
      } else if (site.kind === 'rest_area') {
        for (const unit of units(Math.round((profile.passing ?? 0) * seaCrossings), UNIT_MIX.road, random)) {
          add(site.id, random() < arrivalShare ? 'arrival' : 'departure', unit, sampleMinute(HOURS.road, random));
        }
      }
    }
    this.stagedBuses(index, arrivalShare, random, add);
    movements.sort((a, b) => a.at - b.at);
    holding.sort((a, b) => a.at - b.at);
    return { day, movements, cases: this.casesOf(index, random, at), holding };
  }

  private flights(site: Site, profile: SiteProfile, direction: Direction, people: number, random: Random, add: (siteId: string, direction: Direction, unit: Unit, minute: number) => void): void {
    if (people <= 0) return;
    const count = Math.max(1, Math.min(people, Math.round(people / (profile.perSailing ?? 165))));
    const loads = apportion(people, Array.from({ length: count }, () => 0.75 + random() * 0.5));
    for (const load of loads) if (load > 0) add(site.id, direction, { mode: 'plane', people: load, vehicles: 0 }, sampleMinute(HOURS.flight, random));
  }

  private lines(site: Site, profile: SiteProfile): Line[] {
    return (profile.lines ?? []).filter((l) => l.from === null || this.byId.has(l.from));
  }

  /**
   * Sailings unloading at a port (or at Ceuta and Melilla, then crossing the border): bursts within an
   * hour. The Marhaba teams at ports abroad count the same travellers as they board for Morocco (on the
   * way back travellers disembark abroad and drive on: nobody counts them there).
   */
  private sailingsIn(site: Site, profile: SiteProfile, people: number, random: Random, add: (siteId: string, direction: Direction, unit: Unit, minute: number) => void): void {
    if (people <= 0) return;
    const border = site.kind === 'land_border';
    const count = Math.max(1, Math.round(people / (profile.perSailing ?? 900)));
    const lines = this.lines(site, profile).map((l) => [l, l.share] as const);
    for (const load of apportion(people, Array.from({ length: count }, () => 0.6 + random() * 0.8))) {
      const line = lines.length > 0 ? pickWeighted(lines, random) : null;
      const docked = sampleMinute(HOURS.ferry, random, 30, border ? 1320 : 1370);
      for (const unit of units(load, border ? UNIT_MIX.land_border : UNIT_MIX.port, random)) {
        const off = border ? 20 + random() * 80 : unit.mode === 'foot' ? 5 + random() * 20 : 8 + random() * 47;
        add(site.id, 'arrival', unit, docked + off);
        if (line?.from) add(line.from, 'arrival', unit, Math.max(random() * 60, docked - line.minutes - 30 - random() * 90));
      }
    }
  }

  /**
   * Departures: at ports, vehicles board shortly before each sailing, after waiting in the holding area
   * (longer on busy days); at land borders they queue in the holding area and cross at the border's pace,
   * so the area fills through the day and drains at night. Holding areas report every half hour.
   */
  private sailingsOut(
    site: Site,
    profile: SiteProfile,
    people: number,
    random: Random,
    add: (siteId: string, direction: Direction, unit: Unit, minute: number) => void,
    report: (siteId: string, minute: number, vehiclesWaiting: number, estimatedWaitMinutes: number) => void,
  ): void {
    const waiting: [number, number][] = [];
    if (site.kind === 'land_border') {
      const capacity = this.borderCapacity.get(site.id) ?? 60;
      const arrivals = units(people, UNIT_MIX.land_border, random).map((unit) => ({ unit, minute: sampleMinute(HOURS.road, random, 300, 1380) }));
      arrivals.sort((a, b) => a.minute - b.minute);
      const queue: number[] = [];
      let next = 0;
      for (let minute = 0; minute < 1440; minute += 5) {
        for (; next < arrivals.length && arrivals[next].minute < minute + 5; next++) {
          const a = arrivals[next];
          if (a.unit.vehicles === 0) add(site.id, 'departure', a.unit, a.minute);
          else queue.push(next);
        }
        // The border lets `capacity` vehicles an hour through; at the end of the day it clears the rest.
        const through = minute >= 1430 ? queue.length : Math.min(queue.length, Math.round((capacity * 5) / 60 + random() - 0.5));
        for (const k of queue.splice(0, through)) add(site.id, 'departure', arrivals[k].unit, Math.max(arrivals[k].minute, minute + random() * 5));
        if (minute % this.holdingEvery === 0 && site.holdingArea) report(site.id, minute, queue.length, (queue.length / capacity) * 60);
      }
      return;
    }
    if (people > 0) {
      const count = Math.max(1, Math.round(people / (profile.perSailing ?? 900)));
      const busiest = Math.max(1, ...(this.people.departure.get(site.id) ?? [1]));
      const load = people / busiest;
      for (const sailingLoad of apportion(people, Array.from({ length: count }, () => 0.6 + random() * 0.8))) {
        const sails = sampleMinute(HOURS.ferry, random, 120, 1430);
        for (const unit of units(sailingLoad, UNIT_MIX.port, random)) {
          const boards = sails - 15 - random() * 75;
          add(site.id, 'departure', unit, boards);
          if (unit.vehicles > 0) waiting.push([boards - (0.5 + random()) * (60 + 420 * load * load), boards]);
        }
      }
    }
    if (site.holdingArea) {
      for (let minute = 0; minute < 1440; minute += this.holdingEvery) {
        const present = waiting.filter(([from, to]) => from <= minute && minute < to);
        const wait = present.length === 0 ? 0 : present.reduce((sum, [, to]) => sum + (to - minute), 0) / present.length;
        report(site.id, minute, present.length, wait);
      }
    }
  }

  /** Coaches and minibuses staged at the Méditerranée area before the ports. */
  private stagedBuses(index: number, arrivalShare: number, random: Random, add: (siteId: string, direction: Direction, unit: Unit, minute: number) => void): void {
    const { siteId } = this.bus;
    if (!siteId) return;
    const vehicles: Mode[] = [...Array<Mode>(this.bus.buses[index]).fill('bus'), ...Array<Mode>(this.bus.minibuses[index]).fill('minibus')];
    const loads = apportion(
      this.bus.passengers[index],
      vehicles.map((m) => between(STAGED_OCCUPANCY[m as 'bus' | 'minibus'][0], STAGED_OCCUPANCY[m as 'bus' | 'minibus'][1], random)),
    );
    const direction: Direction = arrivalShare >= 0.5 ? 'arrival' : 'departure';
    vehicles.forEach((mode, i) => add(siteId, direction, { mode, people: loads[i], vehicles: 1 }, sampleMinute(HOURS.road, random, 360, 1320)));
  }

  /** The day's cases at every site; the escalated ones go to the Central Coordination Office, which resolves most. */
  private casesOf(index: number, random: Random, at: (minute: number) => number): PlannedCase[] {
    const out: PlannedCase[] = [];
    for (const c of CASE_CATEGORIES) {
      for (const site of this.sites) {
        const opened = this.cases.get(c)?.get(site.id)?.[index] ?? 0;
        if (opened === 0) continue;
        const escalated = new Set(shuffle([...Array(opened).keys()], random).slice(0, this.escalated.get(c)?.get(site.id)?.[index] ?? 0));
        for (let k = 0; k < opened; k++) out.push(this.plannedCase(site.id, c, escalated.has(k), at(sampleMinute(HOURS.desk, random)), random));
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  private plannedCase(siteId: string, category: CaseCategory, escalate: boolean, openedAt: number, random: Random): PlannedCase {
    const subcategories: readonly string[] = CASE_SUBCATEGORIES[category];
    const input: CaseCreate = {
      id: seededUuid(random),
      siteId,
      category,
      subcategory: subcategories[Math.floor(random() * subcategories.length)],
      priority: pickWeighted(PRIORITIES[category], random),
      ...(random() < 0.7
        ? {
            beneficiary: {
              sex: SEXES[Math.floor(random() * 2)],
              ageBand: AGE_BANDS[Math.floor(random() * AGE_BANDS.length)],
              ...(random() < 0.1 ? { vulnerabilities: [VULNERABILITIES[Math.floor(random() * VULNERABILITIES.length)]] } : {}),
            },
          }
        : {}),
      openedAt: new Date(openedAt).toISOString(),
    };
    const changes: PlannedChange[] = [];
    let t = openedAt;
    const change = (by: PlannedChange['by'], status: CaseStatus, afterMinutes: number) => {
      t += Math.round(afterMinutes * 60_000);
      changes.push({ at: t, by, patch: { changeId: seededUuid(random), version: changes.length + 1, status } });
    };
    const r = random();
    if (escalate) {
      if (r < 0.08) change('site', 'in_progress', 5 + random() * 25);
      change('site', 'escalated', 15 + random() * 100);
      if (random() < 0.97) change('coordinator', 'resolved', 120 + random() * 4200);
    } else if (r < 0.92) {
      if (random() < 0.06) change('site', 'in_progress', 3 + random() * 20);
      change('site', 'resolved', 5 + random() * 85);
    } else if (r < 0.95) {
      change('site', 'in_progress', 5 + random() * 40);
    }
    return { at: openedAt, input, changes };
  }
}

/**
 * The plan with only the status changes the statistics count (escalations), versions renumbered: the
 * same figures with far fewer requests, for the full-season check in CI.
 */
export function withCountedChangesOnly(plan: DayPlan): DayPlan {
  return {
    ...plan,
    cases: plan.cases.map((c) => ({
      ...c,
      changes: c.changes.filter((ch) => ch.patch.status === 'escalated').map((ch, i) => ({ ...ch, by: 'site' as const, patch: { ...ch.patch, version: i + 1 } })),
    })),
  };
}
