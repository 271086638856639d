import type { Edition, ForecastFigure, Site } from '@marhaba/shared';
import { forecastSeries } from './forecast-model.js';
import { seasonProfile, spreadDays, type DayPeople, type HourlyPlan } from './season-profile.js';

/** One site's hourly history per direction (oldest first, ending at the last whole hour): fit the model. */
export interface FitTask {
  kind: 'fit';
  arrivals: number[];
  departures: number[];
  horizon: number;
}

export interface FitResult {
  arrivals: ForecastFigure[];
  departures: ForecastFigure[];
  /** Time the fit took in this thread, for the logs and the bench. */
  fitMs: number;
}

/** The season model's hours of these real days, for the sites without enough history. */
export interface ProfileTask {
  kind: 'profile';
  edition: Edition;
  sites: Site[];
  days: string[];
}

/** Imported days of an edition, to spread over their hours with the season model's shape (people per hour of each day). */
export interface SpreadTask {
  kind: 'spread';
  edition: Edition;
  sites: Site[];
  figures: DayPeople[];
}

export type ForecastTask = FitTask | ProfileTask | SpreadTask;
export type ForecastTaskResult<T extends ForecastTask> = T extends FitTask ? FitResult : T extends SpreadTask ? number[][] : HourlyPlan;

/** Runs in a worker thread of the forecast pool (piscina calls the default export). */
export default function run(task: ForecastTask): FitResult | HourlyPlan | number[][] {
  if (task.kind === 'profile') return seasonProfile(task.edition, task.sites, task.days);
  if (task.kind === 'spread') return spreadDays(task.edition, task.sites, task.figures);
  const started = performance.now();
  const arrivals = forecastSeries(task.arrivals, task.horizon);
  const departures = forecastSeries(task.departures, task.horizon);
  return { arrivals, departures, fitMs: performance.now() - started };
}
