import {
  emptyFigures,
  nextDay,
  operationDayStart,
  operationHour,
  type BusStaging,
  type EditionDates,
  type HourFigures,
  type ModeFlows,
  type Site,
  type TrafficFigures,
} from '@marhaba/shared';
import type { BucketFlowRow, BusStagingRow } from '../traffic/traffic.service.js';

const HOUR_MS = 3_600_000;

/** The local hours of a day in Casablanca: usually 24, 23 or 25 on the days the clock changes. */
export function hoursOfDay(day: string): Date[] {
  const start = operationDayStart(day).getTime();
  const end = operationDayStart(nextDay(day)).getTime();
  return Array.from({ length: Math.round((end - start) / HOUR_MS) }, (_, i) => new Date(start + i * HOUR_MS));
}

type FlowLike = Pick<BucketFlowRow, 'direction' | 'people' | 'vehicles'>;

function addTo(figures: TrafficFigures, row: FlowLike): void {
  const flow = row.direction === 'arrival' ? figures.arrivals : figures.departures;
  flow.people += row.people;
  flow.vehicles += row.vehicles;
}

export function totalFigures(rows: FlowLike[]): TrafficFigures {
  const figures = emptyFigures();
  rows.forEach((row) => addTo(figures, row));
  return figures;
}

/** Buckets added into the local hours of `day`; hours without traffic count zero. */
export function hourFigures(day: string, rows: BucketFlowRow[]): HourFigures[] {
  const hours = hoursOfDay(day).map((start) => ({ start, figures: emptyFigures() }));
  for (const row of rows) {
    const index = Math.floor((new Date(row.bucket).getTime() - hours[0].start.getTime()) / HOUR_MS);
    if (index >= 0 && index < hours.length) addTo(hours[index].figures, row);
  }
  return hours.map(({ start, figures }) => ({ start: start.toISOString(), hour: operationHour(start), ...figures }));
}

export function modeFlows(rows: BucketFlowRow[]): ModeFlows {
  const flows: ModeFlows = { arrival: {}, departure: {} };
  for (const row of rows) {
    const flow = (flows[row.direction][row.mode] ??= { people: 0, vehicles: 0 });
    flow.people += row.people;
    flow.vehicles += row.vehicles;
  }
  return flows;
}

/**
 * The same calendar day in the latest edition before this day's year (29 February falls back to the
 * 28th), or null when there is none.
 */
export function previousEditionDay(day: string, editions: EditionDates[]): { year: number; day: string } | null {
  const year = Number(day.slice(0, 4));
  const previous = editions.filter((e) => e.year < year).sort((a, b) => b.year - a.year)[0];
  if (!previous) return null;
  const leap = new Date(Date.UTC(previous.year, 1, 29)).getUTCMonth() === 1;
  const monthDay = day.slice(5) === '02-29' && !leap ? '02-28' : day.slice(5);
  return { year: previous.year, day: `${previous.year}-${monthDay}` };
}

/** Every rest area in `restAreas`, with its bus and minibus figures of the day (zero when none). */
export function busStaging(restAreas: Site[], rows: BusStagingRow[]): BusStaging[] {
  return restAreas.map((site) => {
    const staging: BusStaging = { siteId: site.id, passengers: 0, buses: 0, minibuses: 0 };
    for (const row of rows.filter((r) => r.siteId === site.id)) {
      staging.passengers += row.people;
      if (row.mode === 'bus') staging.buses += row.vehicles;
      else staging.minibuses += row.vehicles;
    }
    return staging;
  });
}
