import { operationHour, type DayFigures, type Forecast, type HourFigures, type PeakDay, type SeasonStats, type TodayDetail } from '@marhaba/shared';

export interface HourlySeries {
  /** Local hour of each point (a day with a clock change repeats or skips one); forecast columns may run into tomorrow. */
  hours: number[];
  /** Counted people; null on the columns past the end of today, which only the forecast fills. */
  arrivals: (number | null)[];
  departures: (number | null)[];
  /** Arrivals and departures together on the same day of the previous edition, null where unknown. */
  previous: (number | null)[];
  /** Index of the busiest hour today (arrivals + departures), null before any traffic. */
  peak: number | null;
  /** People expected (both directions) in the hours to come, and the 80 % band; null where there is no forecast. */
  expected: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

/** Forecast hours the hourly chart always shows, running past midnight when today has fewer left. */
const MIN_COMING_HOURS = 6;

const people = (h: HourFigures) => h.arrivals.people + h.departures.people;

/** Today's hours as chart columns, the previous edition aligned hour by hour, the peak, and the forecast of the hours to come. */
export function hourlySeries(detail: TodayDetail, forecast?: Forecast | null): HourlySeries {
  const lastToday = detail.hours.length > 0 ? new Date(detail.hours[detail.hours.length - 1].start).getTime() : -Infinity;
  const forecastHours = forecast?.hours ?? [];
  const comingToday = forecastHours.filter((h) => new Date(h.start).getTime() <= lastToday).length;
  // Late in the day few hours to come are left on today's axis: the chart runs on into tomorrow so that the
  // coordinators always see the next MIN_COMING_HOURS of the forecast.
  const beyond = forecastHours.filter((h) => new Date(h.start).getTime() > lastToday).slice(0, Math.max(0, MIN_COMING_HOURS - comingToday));
  const coming = new Map(forecastHours.map((h) => [new Date(h.start).getTime(), h]));
  const starts = [...detail.hours.map((h) => h.start), ...beyond.map((h) => h.start)];
  const band = (key: 'expected' | 'low' | 'high') =>
    starts.map((start) => {
      const f = coming.get(new Date(start).getTime());
      return f ? f.arrivals[key] + f.departures[key] : null;
    });
  const previousByHour = new Map((detail.previous?.hours ?? []).map((h) => [h.hour, people(h)]));
  let peak: number | null = null;
  detail.hours.forEach((h, i) => {
    if (people(h) > 0 && (peak === null || people(h) > people(detail.hours[peak]))) peak = i;
  });
  const none = beyond.map(() => null);
  return {
    hours: [...detail.hours.map((h) => h.hour), ...beyond.map((h) => operationHour(new Date(h.start)))],
    arrivals: [...detail.hours.map((h) => h.arrivals.people), ...none],
    departures: [...detail.hours.map((h) => h.departures.people), ...none],
    previous: [...detail.hours.map((h) => (detail.previous ? (previousByHour.get(h.hour) ?? 0) : null)), ...none],
    peak,
    expected: band('expected'),
    low: band('low'),
    high: band('high'),
  };
}

export interface DailySeries {
  days: string[];
  arrivals: number[];
  departures: number[];
  /** Index of the edition's busiest day for arrivals and for departures (the statistics' own peaks), null without traffic. */
  peakArrivals: number | null;
  peakDepartures: number | null;
}

/** The season's days as chart columns, with the peak days the statistics name. */
export function dailySeries(daily: DayFigures[], peaks: SeasonStats['peaks']): DailySeries {
  const days = daily.map((d) => d.date);
  const at = (peak: PeakDay | null) => {
    const index = peak && peak.people > 0 ? days.indexOf(peak.date) : -1;
    return index >= 0 ? index : null;
  };
  return {
    days,
    arrivals: daily.map((d) => d.arrivals),
    departures: daily.map((d) => d.departures),
    peakArrivals: at(peaks.arrivals),
    peakDepartures: at(peaks.departures),
  };
}
