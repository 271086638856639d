import { addDays, nextDay, operationDayStart, type Direction, type Edition, type Site } from '@marhaba/shared';
import { referenceEditions } from '../../reference/reference-data.js';
import { apportion } from '../../simulator/random.js';
import { SeasonModel, seasonTargets } from '../../simulator/season-model.js';

const HOUR_MS = 3_600_000;

/** People the season model plans at each site per local hour of these real days, keyed `siteId|hourMs|direction`. */
export type HourlyPlan = Map<string, number>;

export function planKey(siteId: string, hour: number, direction: Direction): string {
  return `${siteId}|${hour}|${direction}`;
}

/** The season day a real day stands for: the same month and day, or the nearest end of the season outside it. */
export function seasonDayIndex(days: string[], realDay: string): number {
  const monthDay = realDay.slice(5);
  const same = days.findIndex((d) => d.slice(5) === monthDay);
  if (same >= 0) return same;
  return monthDay < days[0].slice(5) ? 0 : days.length - 1;
}

let cached: { key: string; model: SeasonModel } | null = null;

/**
 * The season model's hours (the same model as the simulator and the demo) for real days: the shape of a
 * site's day (ferries unloading, flights, border queues) where it has no history of its own. CPU work of
 * a tenth of a second per day: it runs in the forecast worker.
 */
export function seasonProfile(edition: Edition, sites: Site[], realDays: string[]): HourlyPlan {
  const key = `${edition.year}|${sites.map((s) => `${s.id}:${s.active}`).join(',')}`;
  if (cached?.key !== key) cached = { key, model: new SeasonModel(edition, sites, seasonTargets(edition.year, referenceEditions().published), 'forecast') };
  const { model } = cached;
  const plan: HourlyPlan = new Map();
  // Out of season every day stands for the same season day: plan it once.
  const plans = new Map<number, ReturnType<SeasonModel['planDay']>>();
  for (const realDay of realDays) {
    const index = seasonDayIndex(model.days, realDay);
    if (!plans.has(index)) plans.set(index, model.planDay(index));
    const shift = operationDayStart(realDay).getTime() - operationDayStart(model.days[index]).getTime();
    for (const { at, movement } of plans.get(index)!.movements) {
      const hour = Math.floor((at + shift) / HOUR_MS) * HOUR_MS;
      const k = planKey(movement.siteId, hour, movement.direction);
      plan.set(k, (plan.get(k) ?? 0) + movement.people);
    }
  }
  return plan;
}


/** A site's people of one local day in one direction, as spreadsheets keep them (imported figures). */
export interface DayPeople {
  siteId: string;
  day: string;
  direction: Direction;
  people: number;
}

/**
 * Days either side of a day whose planned hours also shape it. The season model draws a small site's
 * groups at hours that change from day to day: one day's draw is lumpier than the site's usual day. Fitted
 * on 15 days spread with each day's own shape, the model's next day came out at 0.59–1.16 of the figure
 * (a border, two ports, an airport); with the week's shape at 0.87–0.99. It costs the plans of 6 more days
 * (a tenth of a second to a few tenths each, in the worker).
 */
export const SHAPE_DAYS_AROUND = 3;

/**
 * Whole people per local hour of imported days, from each day's start: the day's people spread over its
 * hours with the season model's shape of that site and direction (its hours of the week around the day),
 * adding up to the day's figure exactly. Where the model plans nobody then (a direction it leaves empty),
 * evenly: the day's figure is known, its shape is not.
 */
export function spreadDays(edition: Edition, sites: Site[], figures: DayPeople[]): number[][] {
  const around = Array.from({ length: 2 * SHAPE_DAYS_AROUND + 1 }, (_, k) => k - SHAPE_DAYS_AROUND);
  const plan = seasonProfile(edition, sites, [...new Set(figures.flatMap((f) => around.map((k) => addDays(f.day, k))))]);
  return figures.map((f) => {
    const hours = (operationDayStart(nextDay(f.day)).getTime() - operationDayStart(f.day).getTime()) / HOUR_MS;
    const starts = around.map((k) => operationDayStart(addDays(f.day, k)).getTime());
    const shape = Array.from({ length: hours }, (_, i) => starts.reduce((sum, start) => sum + (plan.get(planKey(f.siteId, start + i * HOUR_MS, f.direction)) ?? 0), 0));
    return apportion(f.people, shape.some((w) => w > 0) ? shape : shape.map(() => 1));
  });
}
