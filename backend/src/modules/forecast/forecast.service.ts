import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  addDays,
  countsTowardsTotals,
  daysApart,
  DIRECTIONS,
  FORECAST_FALLBACK_METHODS,
  FORECAST_MAX_HOURS,
  FORECAST_MODEL_METHOD,
  hourStart,
  nextDay,
  nextHourStart,
  operationDay,
  operationDayStart,
  type AuthUser,
  type Direction,
  type Edition,
  type Forecast,
  type ForecastFigure,
  type ForecastHour,
  type ForecastQuery,
  type Site,
} from '@marhaba/shared';
import { assertSiteAccess, visibleSiteIds } from '../../common/site-scope.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../../database/advisory-locks.js';
import { EditionsService } from '../editions/editions.service.js';
import { HistoryService } from '../history/history.service.js';
import { SitesService } from '../sites/sites.service.js';
import { TrafficService } from '../traffic/traffic.service.js';
import type { StoredHour } from './forecast.entity.js';
import { MAX_HISTORY_HOURS, MIN_HISTORY_HOURS, roundFigure } from './forecast-model.js';
import { ForecastPool } from './forecast-pool.js';
import { ForecastRepository, type StoredForecast } from './forecast.repository.js';
import { planKey, type DayPeople } from './season-profile.js';

const HOUR_MS = 3_600_000;
/** Hours stored per site: the longest request plus slack, so a stored forecast still answers when a refit is late. */
export const STORED_HOURS = FORECAST_MAX_HOURS + 6;
/**
 * Relative half-width of a fallback's 80 % interval. A judgement, not a fit: day-to-day changes of a site's
 * traffic at the same point of the season are of this order in the season model; the model's own intervals
 * are measured in the bench, these are not.
 */
export const FALLBACK_SPREAD = 0.3;

/** A site's stored forecast from a given hour: the model that produced it and one entry per hour. */
export interface StoredForecastHours {
  method: string;
  hours: ForecastHour[];
}

/** A site's hourly people per direction, the hour its history starts, and whether some hours were spread from daily figures. */
interface SiteHistory {
  firstHour: number | null;
  people: Record<Direction, Map<number, number>>;
  fromDaily: boolean;
}

export interface RefitReport {
  sites: number;
  byMethod: Record<string, number>;
  /** Worker time of each model fit (both directions of a site), ms. */
  fitMs: number[];
  totalMs: number;
}

/**
 * Forecasts of the coming hours per site (issue 12). Requests and the alert rules only read the latest
 * stored forecast (table `forecasts`, shared by every instance); `refit` fits them on a schedule
 * (`ForecastRefresher`), on one instance at a time, in a worker thread.
 */
@Injectable()
export class ForecastService {
  private readonly logger = new Logger(ForecastService.name);
  /** The first refit after start while it runs (see `untilFirstRefit`). */
  private firstRefit: Promise<void> | null = null;

  constructor(
    private readonly sites: SitesService,
    private readonly editions: EditionsService,
    private readonly traffic: TrafficService,
    private readonly pastFigures: HistoryService,
    private readonly forecasts: ForecastRepository,
    private readonly pool: ForecastPool,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * `GET /api/forecast`: the next `query.hours` local hours of a site, or (without `siteId`) the sum over the
   * crossings (`countsTowardsTotals`; an assistant's: those of its own sites). Unknown site → 404; another
   * site for an assistant → 403; a site added since the last refit → 503 until the next one.
   */
  async forecast(user: AuthUser, query: ForecastQuery, now = new Date()): Promise<Forecast> {
    const from = nextHourStart(now);
    let read: () => Promise<StoredForecastHours | null>;
    if (query.siteId !== undefined) {
      const siteId = query.siteId;
      assertSiteAccess(user, siteId);
      await this.sites.get(siteId);
      read = () => this.latestHours(siteId, from, query.hours);
    } else {
      const visible = visibleSiteIds(user);
      const crossings = (await this.sites.list()).filter((s) => s.active && countsTowardsTotals(s) && (visible === null || visible.includes(s.id)));
      read = () => this.totalHours(crossings.map((s) => s.id), from, query.hours);
    }
    let stored = await read();
    if (!stored && this.firstRefit) {
      await this.firstRefit;
      stored = await read();
    }
    if (!stored) throw new ServiceUnavailableException('no forecast computed yet for these hours; the next refit brings one');
    return { generatedAt: now.toISOString(), siteId: query.siteId ?? null, method: stored.method, hours: stored.hours };
  }

  /**
   * The latest stored forecast of one site for `hours` hours from `from` (a whole hour), or null when there
   * is none covering them. What the `peak_expected` rule reads at each sweep.
   */
  async latestHours(siteId: string, from: Date, hours: number): Promise<StoredForecastHours | null> {
    const [row] = await this.forecasts.findBySites([siteId]);
    return row ? hoursFrom(row, from, hours) : null;
  }

  /**
   * The sum over sites with a stored forecast (a site added since the last refit joins at the next); each
   * interval bound is the sum of the sites' bounds, as if the sites moved together: wide rather than too narrow.
   */
  private async totalHours(siteIds: string[], from: Date, hours: number): Promise<StoredForecastHours | null> {
    const parts = (await this.forecasts.findBySites(siteIds)).map((row) => hoursFrom(row, from, hours)).filter((p) => p !== null);
    if (parts.length === 0) return emptyHours(from, hours, siteIds.length === 0);
    const methods = new Set(parts.map((p) => p.method));
    const sum = (figures: ForecastFigure[]): ForecastFigure => ({
      expected: figures.reduce((s, f) => s + f.expected, 0),
      low: figures.reduce((s, f) => s + f.low, 0),
      high: figures.reduce((s, f) => s + f.high, 0),
    });
    return {
      method: methods.size === 1 ? [...methods][0] : FORECAST_FALLBACK_METHODS.mixed,
      hours: parts[0].hours.map((h, i) => ({
        start: h.start,
        arrivals: sum(parts.map((p) => p.hours[i].arrivals)),
        departures: sum(parts.map((p) => p.hours[i].departures)),
      })),
    };
  }

  /**
   * Until the first refit after start is over, a request that finds no stored forecast waits for it rather than
   * answering 503: on a fresh database the table is empty for its few seconds; after a restart, the previous
   * run's forecasts answer at once.
   */
  untilFirstRefit(run: Promise<void>): void {
    this.firstRefit = run.finally(() => (this.firstRefit = null));
  }

  /** Settles when the first refit after start is over, failed or not (what a test that stores its own forecasts waits for). */
  firstRefitSettled(): Promise<void> {
    return this.firstRefit ?? Promise.resolve();
  }

  /**
   * Fits and stores every active site's forecast for `STORED_HOURS` from the next whole hour, unless another
   * instance is doing it (then null). Sites with two weeks of history get the model; the others the previous
   * edition's same hours where recorded or imported, else the season profile.
   */
  refit(now = new Date()): Promise<RefitReport | null> {
    return withAdvisoryLock(this.dataSource, ADVISORY_LOCKS.forecastRefit, false, async () => {
      const started = performance.now();
      const end = hourStart(now).getTime();
      const startsAt = end + HOUR_MS;
      const sites = (await this.sites.list()).filter((s) => s.active);
      const editions = [...(await this.editions.list())].sort((a, b) => a.year - b.year);
      const history = await this.history(sites, new Date(end - MAX_HISTORY_HOURS * HOUR_MS), new Date(end), editions, sites);
      const fitMs: number[] = [];
      const modelled = sites.filter((s) => {
        const first = history.get(s.id)?.firstHour ?? null;
        return first !== null && (end - first) / HOUR_MS >= MIN_HISTORY_HOURS;
      });
      const rows = await Promise.all(
        modelled.map(async (site): Promise<StoredForecast> => {
          const h = history.get(site.id)!;
          const series = (d: Direction) => Array.from({ length: MAX_HISTORY_HOURS }, (_, i) => h.people[d].get(end - (MAX_HISTORY_HOURS - i) * HOUR_MS) ?? 0).slice(-(end - h.firstHour!) / HOUR_MS);
          // One hour more than stored: the first is the hour in progress, which the forecast skips.
          const fit = await this.pool.run({ kind: 'fit', arrivals: series('arrival'), departures: series('departure'), horizon: STORED_HOURS + 1 });
          fitMs.push(fit.fitMs);
          const hours = fit.arrivals.slice(1).map((arrivals, i) => ({ arrivals, departures: fit.departures[i + 1] }));
          return { siteId: site.id, generatedAt: now, method: FORECAST_MODEL_METHOD, startsAt: new Date(startsAt), hours };
        }),
      );
      const others = sites.filter((s) => !modelled.includes(s));
      if (others.length > 0) rows.push(...(await this.fallbacks(others, sites, editions, now, new Date(startsAt))));
      await this.forecasts.upsert(rows);
      const byMethod: Record<string, number> = {};
      for (const r of rows) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
      const report = { sites: rows.length, byMethod, fitMs, totalMs: performance.now() - started };
      this.logger.log(`forecast refit: ${rows.length} sites in ${Math.round(report.totalMs)} ms (${JSON.stringify(byMethod)})`);
      return report;
    });
  }

  /**
   * The one place history comes from, recorded and imported alike (issue 13): the recorded hours
   * (`traffic_buckets`), and for a day a site has daily figures of but no recorded hour (imported from a
   * spreadsheet: a day and site holds one or the other, never both), the day's people spread over its hours
   * with the season model's shape, in the worker. `allSites` are those the season model plans.
   */
  private async history(sites: Site[], from: Date, to: Date, editions: Edition[], allSites: Site[]): Promise<Map<string, SiteHistory>> {
    const bySite = new Map<string, SiteHistory>(sites.map((s) => [s.id, { firstHour: null, people: { arrival: new Map(), departure: new Map() }, fromDaily: false }]));
    /** Keeps an hour within the window; answers the site's history it went into, if it did. */
    const add = (siteId: string, direction: Direction, hour: number, people: number): SiteHistory | undefined => {
      const h = bySite.get(siteId);
      if (!h || hour < from.getTime() || hour >= to.getTime()) return undefined;
      h.people[direction].set(hour, people);
      h.firstHour = h.firstHour === null ? hour : Math.min(h.firstHour, hour);
      return h;
    };
    const ids = sites.map((s) => s.id);
    const firstDay = operationDay(from);
    const lastDay = operationDay(new Date(to.getTime() - 1));
    // Whole days: a day the window cuts through is still known to hold recorded hours, and is not spread as well.
    const recorded = await this.traffic.hourlyPeople(operationDayStart(firstDay), operationDayStart(nextDay(lastDay)), ids);
    const recordedDays = new Set(recorded.map((r) => `${r.siteId}|${operationDay(r.hour)}`));
    for (const r of recorded) add(r.siteId, r.direction, r.hour.getTime(), r.people);
    const daily = (await this.pastFigures.dailyFigures(ids, firstDay, lastDay)).filter((r) => !recordedDays.has(`${r.siteId}|${r.day}`));
    const byEdition = new Map<Edition, DayPeople[]>();
    for (const { siteId, day, direction, people } of daily) {
      const edition = profileEdition(editions, day);
      if (!edition) continue;
      if (!byEdition.has(edition)) byEdition.set(edition, []);
      byEdition.get(edition)!.push({ siteId, day, direction, people });
    }
    for (const [edition, figures] of byEdition) {
      const hourly = await this.pool.run({ kind: 'spread', edition, sites: allSites, figures });
      figures.forEach((f, i) => {
        const start = operationDayStart(f.day).getTime();
        hourly[i].forEach((people, k) => {
          const h = add(f.siteId, f.direction, start + k * HOUR_MS, people);
          if (h) h.fromDaily = true;
        });
      });
    }
    return bySite;
  }

  /**
   * Forecasts of sites with too little history: the previous edition's same hours, recorded or spread from
   * imported days (the method says which), else the season profile.
   */
  private async fallbacks(targets: Site[], allSites: Site[], editions: Edition[], now: Date, startsAt: Date): Promise<StoredForecast[]> {
    const today = operationDay(now);
    const current = profileEdition(editions, today);
    const latest = current ? editions.indexOf(current) : -1;
    // "The same days of the previous edition" only mean something within an edition.
    const inSeason = current !== undefined && today <= current.endsOn && latest > 0;
    const hours = Array.from({ length: STORED_HOURS }, (_, i) => startsAt.getTime() + i * HOUR_MS);
    const rows: StoredForecast[] = [];
    let remaining = targets;

    if (inSeason) {
      const aligned = hours.map((t) => alignedInstant(t, current, editions[latest - 1]));
      const previous = await this.history(targets, new Date(Math.min(...aligned)), new Date(Math.max(...aligned) + HOUR_MS), editions, allSites);
      const withPrevious = targets.filter((s) => previous.get(s.id)!.firstHour !== null);
      for (const site of withPrevious) {
        const { people, fromDaily } = previous.get(site.id)!;
        const method = fromDaily ? FORECAST_FALLBACK_METHODS.previousEditionDaily : FORECAST_FALLBACK_METHODS.previousEdition;
        rows.push(fallbackRow(site.id, now, startsAt, method, aligned.map((t) => ({ arrival: people.arrival.get(t) ?? 0, departure: people.departure.get(t) ?? 0 }))));
      }
      remaining = targets.filter((s) => !withPrevious.includes(s));
    }
    if (remaining.length === 0) return rows;

    const days = [...new Set(hours.map((t) => operationDay(new Date(t))))];
    const plan = current ? await this.pool.run({ kind: 'profile', edition: current, sites: allSites, days }) : new Map<string, number>();
    for (const site of remaining) {
      const people = hours.map((t) => Object.fromEntries(DIRECTIONS.map((d) => [d, plan.get(planKey(site.id, t, d)) ?? 0])) as Record<Direction, number>);
      rows.push(fallbackRow(site.id, now, startsAt, FORECAST_FALLBACK_METHODS.seasonProfile, people));
    }
    return rows;
  }
}

/**
 * The edition whose season model shapes a day: the one in progress, else the latest one started before it
 * (or the first). `editions` in year order.
 */
function profileEdition(editions: Edition[], day: string): Edition | undefined {
  return editions[Math.max(0, editions.findLastIndex((e) => e.startsOn <= day))];
}

/** The same hour of the previous edition: as many local days after its start as `t` is after the current one's. */
function alignedInstant(t: number, current: Edition, previous: Edition): number {
  const day = operationDay(new Date(t));
  const intoDay = t - operationDayStart(day).getTime();
  return operationDayStart(addDays(previous.startsOn, daysApart(current.startsOn, day))).getTime() + intoDay;
}

function fallbackRow(siteId: string, now: Date, startsAt: Date, method: string, people: Record<Direction, number>[]): StoredForecast {
  const figure = (v: number) => roundFigure(v, v * (1 - FALLBACK_SPREAD), v * (1 + FALLBACK_SPREAD));
  const hours: StoredHour[] = people.map((p) => ({ arrivals: figure(p.arrival), departures: figure(p.departure) }));
  return { siteId, generatedAt: now, method, startsAt, hours };
}

/** A total over no site (an assistant at a rest area only) is zero people, known for sure; otherwise nothing is known yet. */
function emptyHours(from: Date, hours: number, noSite: boolean): StoredForecastHours | null {
  if (!noSite) return null;
  const zero = { expected: 0, low: 0, high: 0 };
  return { method: FORECAST_MODEL_METHOD, hours: Array.from({ length: hours }, (_, i) => ({ start: new Date(from.getTime() + i * HOUR_MS).toISOString(), arrivals: zero, departures: zero })) };
}

/** `hours` stored hours from `from`, or null when the stored forecast does not cover them. */
function hoursFrom(row: StoredForecast, from: Date, hours: number): StoredForecastHours | null {
  const offset = (from.getTime() - new Date(row.startsAt).getTime()) / HOUR_MS;
  if (!Number.isInteger(offset) || offset < 0 || offset + hours > row.hours.length) return null;
  return {
    method: row.method,
    hours: row.hours.slice(offset, offset + hours).map((h, i) => ({ start: new Date(from.getTime() + i * HOUR_MS).toISOString(), ...h })),
  };
}
