import { z } from 'zod';
import { siteIdSchema } from './schemas.js';

/** Hours a forecast reaches ahead (`GET /api/forecast?hours=`). */
export const FORECAST_MAX_HOURS = 48;
export const FORECAST_DEFAULT_HOURS = 12;
/** Width of the prediction interval of every forecast, as a probability. */
export const FORECAST_INTERVAL_LEVEL = 0.8;

/** `method` starts with this when a site has too little history for the model (`fallback:previous-edition`). */
export const FORECAST_FALLBACK_PREFIX = 'fallback:';

export const forecastQuerySchema = z.strictObject({
  siteId: siteIdSchema.optional(),
  hours: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number of hours')
    .transform(Number)
    .pipe(z.int().min(1, 'must be at least 1').max(FORECAST_MAX_HOURS, `must be at most ${FORECAST_MAX_HOURS}`))
    .default(FORECAST_DEFAULT_HOURS),
});
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

/** People expected in one hour, with the 80 % prediction interval. */
export interface ForecastFigure {
  expected: number;
  low: number;
  high: number;
}

export interface ForecastHour {
  /** Start of the local hour (Africa/Casablanca), as an ISO instant. */
  start: string;
  arrivals: ForecastFigure;
  departures: ForecastFigure;
}

/** `GET /api/forecast` (DESIGN.md): `hours[0]` is the next whole local hour after `generatedAt`'s request time. */
export interface Forecast {
  generatedAt: string;
  /** null: the total over the crossings (`countsTowardsTotals`). */
  siteId: string | null;
  /** The model that answered (`mstl-ets`), or `fallback:<what>` with too little history. */
  method: string;
  hours: ForecastHour[];
}

/** `method` of a forecast from the model: MSTL (daily and weekly seasons) with an ETS trend. */
export const FORECAST_MODEL_METHOD = 'mstl-ets';

/** `method` when a site has too little history for the model. */
export const FORECAST_FALLBACK_METHODS = {
  /** The same hours of the previous edition, counted from the edition's start, where they were recorded. */
  previousEdition: `${FORECAST_FALLBACK_PREFIX}previous-edition`,
  /**
   * The same hours of the previous edition where some of them were imported as daily figures: each day's
   * people spread over its hours with the season model's shape, so the hours are modelled, the day is not.
   */
  previousEditionDaily: `${FORECAST_FALLBACK_PREFIX}previous-edition-daily`,
  /** The season model's hourly shape applied to its people of the day. */
  seasonProfile: `${FORECAST_FALLBACK_PREFIX}season-profile`,
  /** A total over sites that did not all use the same method. */
  mixed: `${FORECAST_FALLBACK_PREFIX}mixed`,
} as const;

export function isFallbackMethod(method: string): boolean {
  return method.startsWith(FORECAST_FALLBACK_PREFIX);
}
