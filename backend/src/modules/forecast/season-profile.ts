import { operationDayStart, type Direction, type Edition, type Site } from '@marhaba/shared';
import { referenceEditions } from '../../reference/reference-data.js';
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

