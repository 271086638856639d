import type { DayFigures, Forecast, HourFigures, PeakDay, SeasonStats, TodayDetail } from '@marhaba/shared';

export interface HourlySeries {
  /** Local hour of each point (a day with a clock change repeats or skips one). */
  hours: number[];
  arrivals: number[];
  departures: number[];
  /** Arrivals and departures together on the same day of the previous edition, null where unknown. */
  previous: (number | null)[];
  /** Index of the busiest hour today (arrivals + departures), null before any traffic. */
  peak: number | null;
  /** People expected (both directions) in the hours to come, and the 80 % band; null where there is no forecast. */
  expected: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

const people = (h: HourFigures) => h.arrivals.people + h.departures.people;

/** Today's hours as chart columns, the previous edition aligned hour by hour, the peak, and the forecast of the hours to come. */
export function hourlySeries(detail: TodayDetail, forecast?: Forecast | null): HourlySeries {
  const coming = new Map((forecast?.hours ?? []).map((h) => [new Date(h.start).getTime(), h]));
  const band = (key: 'expected' | 'low' | 'high') =>
    detail.hours.map((h) => {
      const f = coming.get(new Date(h.start).getTime());
      return f ? f.arrivals[key] + f.departures[key] : null;
    });
  const previousByHour = new Map((detail.previous?.hours ?? []).map((h) => [h.hour, people(h)]));
  let peak: number | null = null;
  detail.hours.forEach((h, i) => {
    if (people(h) > 0 && (peak === null || people(h) > people(detail.hours[peak]))) peak = i;
  });
  return {
    hours: detail.hours.map((h) => h.hour),
    arrivals: detail.hours.map((h) => h.arrivals.people),
    departures: detail.hours.map((h) => h.departures.people),
    previous: detail.hours.map((h) => (detail.previous ? (previousByHour.get(h.hour) ?? 0) : null)),
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
