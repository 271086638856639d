import { type Direction, type Mode, type Site } from '@marhaba/shared';
import { apportion, between, pickWeighted, type Random } from './random.js';
import { DEFAULT_PER_SAILING, HOURS, LOAD_SPREAD, STAGED_OCCUPANCY, TIMING, UNIT_MIX, type Line, type SiteProfile } from './season-profiles.js';
import { sampleMinute, units, type Unit } from './season-sampling.js';
import type { SeasonBudget } from './season-budget.js';

/** What a day's traffic is drawn with and sent to: movements and holding-area reports at minutes of the local day. */
export interface DayTraffic {
  random: Random;
  add: (siteId: string, direction: Direction, unit: Unit, minute: number) => void;
  report: (siteId: string, minute: number, vehiclesWaiting: number, estimatedWaitMinutes: number) => void;
  /** Minutes between two holding-area reports. */
  holdingEvery: number;
}

/** Loads of `count` sailings or flights carrying `people` in all, each around the average. */
function loads(people: number, count: number, spread: { from: number; spread: number }, random: Random): number[] {
  return apportion(people, Array.from({ length: count }, () => spread.from + random() * spread.spread));
}

/** One movement per flight, of its passengers. */
export function flights(site: Site, profile: SiteProfile, direction: Direction, people: number, day: DayTraffic): void {
  if (people <= 0) return;
  const count = Math.max(1, Math.min(people, Math.round(people / (profile.perSailing ?? DEFAULT_PER_SAILING.flight))));
  for (const load of loads(people, count, LOAD_SPREAD.flight, day.random)) {
    if (load > 0) day.add(site.id, direction, { mode: 'plane', people: load, vehicles: 0 }, sampleMinute(HOURS.flight, day.random));
  }
}

/**
 * Sailings unloading at a port (or at Ceuta and Melilla, then crossing the border): bursts within an
 * hour. The Marhaba teams at ports abroad count the same travellers as they board for Morocco (on the
 * way back travellers disembark abroad and drive on: nobody counts them there).
 */
export function sailingsIn(site: Site, profile: SiteProfile, lines: Line[], people: number, day: DayTraffic): void {
  if (people <= 0) return;
  const { random, add } = day;
  const border = site.kind === 'land_border';
  const count = Math.max(1, Math.round(people / (profile.perSailing ?? DEFAULT_PER_SAILING.ferry)));
  const weighted = lines.map((l) => [l, l.share] as const);
  const { docking, unloading, boardingAbroad } = TIMING;
  for (const load of loads(people, count, LOAD_SPREAD.sailing, random)) {
    const line = weighted.length > 0 ? pickWeighted(weighted, random) : null;
    const docked = sampleMinute(HOURS.ferry, random, docking.from, border ? docking.toBorder : docking.toPort);
    for (const unit of units(load, border ? UNIT_MIX.land_border : UNIT_MIX.port, random)) {
      const off = border
        ? unloading.border.min + random() * unloading.border.spread
        : unit.mode === 'foot'
          ? unloading.foot.min + random() * unloading.foot.spread
          : unloading.vehicle.min + random() * unloading.vehicle.spread;
      add(site.id, 'arrival', unit, docked + off);
      if (line?.from) add(line.from, 'arrival', unit, Math.max(random() * boardingAbroad.earliestSpread, docked - line.minutes - boardingAbroad.min - random() * boardingAbroad.spread));
    }
  }
}

/**
 * Departures at a port: vehicles board shortly before each sailing, after waiting in the holding area
 * (longer on busy days: `load` is the day's departures over the busiest day's); the holding area reports
 * who is waiting and for how long.
 */
export function portDepartures(site: Site, profile: SiteProfile, people: number, load: number, day: DayTraffic): void {
  const { random, add, report } = day;
  const waiting: [number, number][] = [];
  if (people > 0) {
    const count = Math.max(1, Math.round(people / (profile.perSailing ?? DEFAULT_PER_SAILING.ferry)));
    const { sailingOut, boarding, portWait } = TIMING;
    for (const sailingLoad of loads(people, count, LOAD_SPREAD.sailing, random)) {
      const sails = sampleMinute(HOURS.ferry, random, sailingOut.from, sailingOut.to);
      for (const unit of units(sailingLoad, UNIT_MIX.port, random)) {
        const boards = sails - boarding.min - random() * boarding.spread;
        add(site.id, 'departure', unit, boards);
        if (unit.vehicles > 0) waiting.push([boards - (portWait.share + random()) * (portWait.base + portWait.busy * load * load), boards]);
      }
    }
  }
  if (site.holdingArea) {
    for (let minute = 0; minute < 1440; minute += day.holdingEvery) {
      const present = waiting.filter(([from, to]) => from <= minute && minute < to);
      const wait = present.length === 0 ? 0 : present.reduce((sum, [, to]) => sum + (to - minute), 0) / present.length;
      report(site.id, minute, present.length, wait);
    }
  }
}

/** Cars and motorcycles passing a rest area: `profile.passing` of the day's sea crossings, each way by the day's balance. */
export function restAreaPassing(site: Site, profile: SiteProfile, seaCrossings: number, arrivalShare: number, day: DayTraffic): void {
  const { random, add } = day;
  for (const unit of units(Math.round((profile.passing ?? 0) * seaCrossings), UNIT_MIX.road, random)) {
    add(site.id, random() < arrivalShare ? 'arrival' : 'departure', unit, sampleMinute(HOURS.road, random));
  }
}

/** Coaches and minibuses staged at the Méditerranée area before the ports, all the day's main way. */
export function stagedBuses(bus: SeasonBudget['bus'], index: number, arrivalShare: number, day: DayTraffic): void {
  const { siteId } = bus;
  if (!siteId) return;
  const { random, add } = day;
  const vehicles: Mode[] = [...Array<Mode>(bus.buses[index]).fill('bus'), ...Array<Mode>(bus.minibuses[index]).fill('minibus')];
  const passengers = apportion(
    bus.passengers[index],
    vehicles.map((m) => between(STAGED_OCCUPANCY[m as 'bus' | 'minibus'][0], STAGED_OCCUPANCY[m as 'bus' | 'minibus'][1], random)),
  );
  const direction: Direction = arrivalShare >= 0.5 ? 'arrival' : 'departure';
  vehicles.forEach((mode, i) => add(siteId, direction, { mode, people: passengers[i], vehicles: 1 }, sampleMinute(HOURS.road, random, TIMING.staged.from, TIMING.staged.to)));
}
