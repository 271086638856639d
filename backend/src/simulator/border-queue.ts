import type { Site } from '@marhaba/shared';
import { HOURS, TIMING, UNIT_MIX } from './season-profiles.js';
import { sampleMinute, units } from './season-sampling.js';
import type { DayTraffic } from './season-traffic.js';

/**
 * Departures at a land border: travellers reach it through the day and vehicles queue in the holding
 * area, which lets `capacity` vehicles an hour through, so that it fills on busy days and drains at
 * night; at the end of the day it clears the rest. Travellers on foot cross at once. The holding area
 * reports the queue every `day.holdingEvery` minutes.
 */
export function borderDepartures(site: Site, people: number, capacity: number, day: DayTraffic): void {
  const { random, add, report } = day;
  const arrivals = units(people, UNIT_MIX.land_border, random).map((unit) => ({ unit, minute: sampleMinute(HOURS.road, random, TIMING.borderArrivals.from, TIMING.borderArrivals.to) }));
  arrivals.sort((a, b) => a.minute - b.minute);
  const queue: number[] = [];
  let next = 0;
  for (let minute = 0; minute < 1440; minute += TIMING.borderStep) {
    for (; next < arrivals.length && arrivals[next].minute < minute + TIMING.borderStep; next++) {
      const a = arrivals[next];
      if (a.unit.vehicles === 0) add(site.id, 'departure', a.unit, a.minute);
      else queue.push(next);
    }
    const through = minute >= TIMING.borderClears ? queue.length : Math.min(queue.length, Math.round((capacity * TIMING.borderStep) / 60 + random() - 0.5));
    for (const k of queue.splice(0, through)) add(site.id, 'departure', arrivals[k].unit, Math.max(arrivals[k].minute, minute + random() * TIMING.borderStep));
    if (minute % day.holdingEvery === 0 && site.holdingArea) report(site.id, minute, queue.length, (queue.length / capacity) * 60);
  }
}
