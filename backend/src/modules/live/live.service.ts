import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  countsTowardsTotals,
  emptyCaseCounts,
  emptyFigures,
  isStagingSite,
  lastHourStart,
  nextDay,
  operationDay,
  operationDayStart,
  type AuthUser,
  type CaseCounts,
  type LiveSnapshot,
  type LiveTodayQuery,
  type MapConfig,
  type Site,
  splitTotals,
  type TodayDetail,
  type TrafficFigures,
} from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { assertSiteAccess, visibleSiteIds } from '../../common/site-scope.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { CasesService } from '../cases/cases.service.js';
import { EditionsService } from '../editions/editions.service.js';
import { HistoryService } from '../history/history.service.js';
import { SitesService } from '../sites/sites.service.js';
import { TrafficService } from '../traffic/traffic.service.js';
import { LiveSequencesRepository } from './live-sequences.repository.js';
import { busStaging, hourFigures, modeFlows, previousEditionDay, totalFigures } from './today-figures.js';

/** The sites a figure of the whole scope adds up: the crossings only (DESIGN.md, "Totals"). */
function totalledSiteIds(sites: Site[]): string[] {
  return sites.filter(countsTowardsTotals).map((s) => s.id);
}

/** Snapshot requests arriving within this window share one computation (reconnect storms). */
const SNAPSHOT_BATCH_MS = 20;

/** The current picture of the operation, as committed in PostgreSQL, scoped to what the user may see. */
@Injectable()
export class LiveService {
  private readonly batches = new Map<string, Promise<LiveSnapshot>>();

  constructor(
    private readonly sites: SitesService,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    private readonly alerts: AlertsService,
    private readonly sequences: LiveSequencesRepository,
    private readonly history: HistoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly editions: EditionsService,
  ) {}

  /**
   * Today hour by hour and by mode, bus staging, and the same day of the previous edition, for one site
   * or the user's scope (whose figures add up its crossings only, as the snapshot's total does).
   */
  async today(user: AuthUser, query: LiveTodayQuery, now = new Date()): Promise<TodayDetail> {
    if (query.siteId) assertSiteAccess(user, query.siteId);
    const scope = query.siteId ? [query.siteId] : visibleSiteIds(user);
    const [allSites, editions] = await Promise.all([this.sites.list(), this.editions.list()]);
    const sites = allSites.filter((s) => s.active && (scope === null || scope.includes(s.id)));
    if (query.siteId && sites.length === 0) throw new NotFoundException(`unknown site ${query.siteId}`);
    const day = operationDay(now);
    const dayStart = operationDayStart(day);
    const hourStart = lastHourStart(now);
    const previous = previousEditionDay(day, editions);
    const previousStart = previous && operationDayStart(previous.day);
    const flowSites = query.siteId ? [query.siteId] : totalledSiteIds(sites);
    const [rows, staging, previousRows, previousDaily] = await Promise.all([
      // "Last hour" reaches back into yesterday just after midnight: read from whichever starts first.
      this.traffic.bucketFlows(hourStart < dayStart ? hourStart : dayStart, operationDayStart(nextDay(day)), flowSites),
      this.traffic.busStaging(day, scope),
      previous && previousStart ? this.traffic.bucketFlows(previousStart, operationDayStart(nextDay(previous.day)), flowSites) : Promise.resolve([]),
      // The whole day from the daily figures, recorded or imported: an imported day has no hours.
      previous ? this.history.dailyFigures(flowSites, previous.day, previous.day) : Promise.resolve([]),
    ]);
    const hourly = previousRows.length > 0 || previousDaily.length === 0;
    const todayRows = rows.filter((r) => new Date(r.bucket) >= dayStart);
    const sameTime = previousStart && new Date(previousStart.getTime() + (now.getTime() - dayStart.getTime()));
    return {
      day,
      siteId: query.siteId ?? null,
      hours: hourFigures(day, todayRows),
      byMode: { today: modeFlows(todayRows), lastHour: modeFlows(rows.filter((r) => new Date(r.bucket) >= hourStart)) },
      busStaging: busStaging(sites.filter(isStagingSite), staging),
      previous:
        previous && sameTime
          ? {
              ...previous,
              hourly,
              sameTime: hourly ? totalFigures(previousRows.filter((r) => new Date(r.bucket) < sameTime)) : null,
              wholeDay: totalFigures(previousDaily),
              hours: hourly ? hourFigures(previous.day, previousRows) : [],
            }
          : null,
    };
  }

  mapConfig(): MapConfig {
    return { tileUrl: this.config.tileUrl, tileAttribution: this.config.tileAttribution };
  }

  /**
   * Requests with the same scope share one computation that starts after all of them arrived, so a
   * socket that joined its rooms before asking still receives every event after the snapshot's seq.
   */
  snapshot(user: AuthUser): Promise<LiveSnapshot> {
    const scope = visibleSiteIds(user);
    const key = scope === null ? '*' : [...scope].sort().join(',');
    let batch = this.batches.get(key);
    if (!batch) {
      batch = new Promise<void>((resolve) => setTimeout(resolve, SNAPSHOT_BATCH_MS)).then(() => {
        this.batches.delete(key);
        return this.compute(scope, new Date());
      });
      this.batches.set(key, batch);
    }
    return batch;
  }

  /** Takes live sequence numbers for the gateway's emissions (LiveSequencer). */
  takeSequences(counts: Map<string, number>): Promise<Map<string, number>> {
    return this.sequences.take(counts);
  }

  private async compute(scope: string[] | null, now: Date): Promise<LiveSnapshot> {
    // Sequence numbers first: an event emitted while we read is then replayed on top, never lost.
    const seq = await this.sequences.current();
    const [allSites, figures, holding, openRows, alerts] = await Promise.all([
      this.sites.list(),
      this.traffic.liveFigures(scope, now),
      this.traffic.currentHolding(scope, now),
      this.cases.openCountsBySite(scope),
      this.alerts.active(scope),
    ]);
    const sites = allSites.filter((s) => s.active && (scope === null || scope.includes(s.id)));
    const openBySite = new Map<string, CaseCounts>();
    const totalOpen = emptyCaseCounts();
    for (const row of openRows) {
      const counts = openBySite.get(row.siteId) ?? emptyCaseCounts();
      counts[row.category] += row.count;
      totalOpen[row.category] += row.count;
      openBySite.set(row.siteId, counts);
    }
    const holdingBySite = new Map(holding.map((h) => [h.siteId, h]));
    const figure = (map: Map<string, TrafficFigures>, siteId: string) => map.get(siteId) ?? emptyFigures();
    // Rest areas and ports abroad stay per site, out of the total.
    const total = (map: Map<string, TrafficFigures>) => splitTotals(sites.map((site) => ({ site, figures: figure(map, site.id) }))).crossings;
    return {
      generatedAt: now.toISOString(),
      day: figures.day,
      seq: Object.fromEntries(sites.map((s) => [s.id, seq[s.id] ?? 0])),
      sites: sites.map((s) => ({
        siteId: s.id,
        today: figure(figures.today, s.id),
        lastHour: figure(figures.lastHour, s.id),
        holding: holdingBySite.get(s.id) ?? null,
        openCases: openBySite.get(s.id) ?? emptyCaseCounts(),
      })),
      total: { today: total(figures.today), lastHour: total(figures.lastHour), openCases: totalOpen },
      alerts,
    };
  }
}
