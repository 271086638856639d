import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  bucketStart,
  DIRECTIONS,
  emptyFigures,
  lastHourStart,
  modeAllowedAt,
  MODES_WITHOUT_VEHICLES,
  operationDay,
  lastHourWaitMinutes,
  SILENCE_HISTORY_DAYS,
  type AuthUser,
  type HoldingReportInput,
  type HoldingState,
  type MovementBatch,
  type MovementInput,
  type MovementsResult,
  type SiteKind,
  type TrafficFigures,
  utcInstantMs,
} from '@marhaba/shared';
import { assertSiteAccess } from '../../common/site-scope.js';
import { assertSameContent } from '../../common/idempotency.js';
import { Transactions, type Tx } from '../../database/transactions.js';
import { AlertsService, type SilenceFigures } from '../alerts/alerts.service.js';
import { HistoryService } from '../history/history.service.js';
import { SitesService } from '../sites/sites.service.js';
import { BucketFlowRow, BusStagingRow, FlowRow, HoldingRow, HourlyPeopleRow, MovementsResent, TimePlace, TimePlaces, TrafficRepository } from './traffic.repository.js';

export type { BucketFlowRow, BusStagingRow, HourlyPeopleRow };

/** Adds rollup rows into figures per site; totals are the caller's, from `splitTotals` (crossings only). */
export function figuresBySite(rows: FlowRow[]): Map<string, TrafficFigures> {
  const bySite = new Map<string, TrafficFigures>();
  for (const row of rows) {
    const figures = bySite.get(row.siteId) ?? emptyFigures();
    const flow = row.direction === DIRECTIONS[0] ? figures.arrivals : figures.departures;
    flow.people += row.people;
    flow.vehicles += row.vehicles;
    bySite.set(row.siteId, figures);
  }
  return bySite;
}

/** A holding area's state with the queue estimate of its wait (`lastHourWaitMinutes`). */
export function withPredictedWait(row: HoldingRow, now: Date): HoldingState {
  const { vehiclesThrough, ...state } = row;
  return { ...state, predictedWaitMinutes: lastHourWaitMinutes(row.vehiclesWaiting, vehiclesThrough, now) };
}

/** Where instants (UTC ISO strings, the one form the contract hands them on in) fall: a batch holds a handful of buckets, each placed once. */
export function timePlaces(instants: string[]): TimePlaces {
  const buckets: TimePlace[] = [];
  const indexByBucket = new Map<number, number>();
  const indexOf = instants.map((instant) => {
    const bucket = bucketStart(new Date(utcInstantMs(instant)));
    let index = indexByBucket.get(bucket.getTime());
    if (index === undefined) {
      index = buckets.push({ bucket, day: operationDay(bucket) }) - 1;
      indexByBucket.set(bucket.getTime(), index);
    }
    return index;
  });
  return { buckets, indexOf };
}

/** Why a movement cannot be stored at its site, or null: planes land at airports, and only planes do. */
export function movementSiteProblem(
  movement: Pick<MovementInput, 'mode' | 'vehicles'>,
  kind: SiteKind | undefined,
): { field: keyof MovementInput; message: string } | null {
  if (kind === undefined) return { field: 'siteId', message: 'unknown or inactive site' };
  if (!modeAllowedAt(movement.mode, kind)) {
    return { field: 'mode', message: kind === 'airport' ? 'only plane is counted at an airport' : 'plane is only counted at an airport' };
  }
  if (MODES_WITHOUT_VEHICLES.includes(movement.mode) && movement.vehicles !== 0) {
    return { field: 'vehicles', message: `must be 0 for mode ${movement.mode}` };
  }
  return null;
}

@Injectable()
export class TrafficService {
  constructor(
    private readonly traffic: TrafficRepository,
    private readonly sites: SitesService,
    private readonly alerts: AlertsService,
    private readonly transactions: Transactions,
    private readonly history: HistoryService,
  ) {}

  /** Stores a batch atomically: every item is valid and new or a true duplicate, or nothing is stored. */
  async recordMovements(user: AuthUser, batch: MovementBatch, now = new Date()): Promise<MovementsResult> {
    const { movements } = batch;
    movements.forEach((m) => assertSiteAccess(user, m.siteId));
    const places = timePlaces(movements.map((m) => m.occurredAt));
    try {
      return await this.storeMovements(user, movements, places, now, false);
    } catch (error) {
      // A resend is rare: the whole transaction again costs less than a savepoint's two round trips per batch.
      if (!(error instanceof MovementsResent)) throw error;
      return this.storeMovements(user, movements, places, now, true);
    }
  }

  private storeMovements(user: AuthUser, movements: MovementInput[], places: TimePlaces, now: Date, ignoringDuplicates: boolean): Promise<MovementsResult> {
    return this.transactions.run(async (tx) => {
      const kinds = await this.sites.activeKinds(tx, [...new Set(movements.map((m) => m.siteId))]);
      movements.forEach((m, index) => {
        const problem = movementSiteProblem(m, kinds.get(m.siteId));
        if (problem) {
          const path = `movements.${index}.${problem.field}`;
          throw new BadRequestException({ message: `${path}: ${problem.message}`, details: [{ path, message: problem.message }] });
        }
      });
      // Each site and day once, without a key or an object per movement.
      const sitesByDay = new Map<string, Set<string>>();
      movements.forEach((m, i) => {
        const day = places.buckets[places.indexOf[i]].day;
        const sites = sitesByDay.get(day) ?? new Set<string>();
        sitesByDay.set(day, sites.add(m.siteId));
      });
      await this.history.assertNotImported(tx, [...sitesByDay].flatMap(([day, sites]) => [...sites].map((siteId) => ({ day, siteId }))));
      const { accepted, resent } = await this.traffic.insertBatch(tx.manager, movements, places, user.id, ignoringDuplicates);
      if (resent.size > 0) {
        const stored = new Map((await this.traffic.findByIds(tx.manager, [...resent])).map((s) => [s.id, s]));
        for (const m of movements) if (resent.has(m.id)) assertSameContent(`movement ${m.id}`, { ...stored.get(m.id) }, m);
      }
      const isFresh = (i: number) => !resent.has(movements[i].id);
      const freshSites = [...new Set(movements.filter((_, i) => isFresh(i)).map((m) => m.siteId))];
      const lastHour = lastHourStart(now).getTime();
      const touchesLastHour = places.indexOf.some((b, i) => places.buckets[b].bucket.getTime() >= lastHour && isFresh(i));
      // The surge rule's read also finds the open silences these sites end (one round trip less per batch).
      if (touchesLastHour) await this.evaluateSurges(tx, now, freshSites, freshSites);
      else if (freshSites.length > 0) await this.alerts.endSilence(tx, freshSites);
      if (freshSites.length > 0) tx.publish({ name: 'movements.committed', payload: { siteIds: freshSites } });
      return { accepted, duplicates: resent.size };
    });
  }

  async recordHoldingReport(user: AuthUser, siteId: string, input: HoldingReportInput): Promise<{ holding: HoldingState; duplicate: boolean }> {
    assertSiteAccess(user, siteId);
    const report = { id: input.id, siteId, vehiclesWaiting: input.vehiclesWaiting, estimatedWaitMinutes: input.estimatedWaitMinutes ?? null, reportedAt: new Date(input.reportedAt) };
    return this.transactions.run(async (tx) => {
      const now = new Date();
      const holding = async () => (await this.traffic.currentHolding(tx.manager, [siteId], lastHourStart(now))).map((row) => withPredictedWait(row, now));
      const [current] = await holding();
      if (!current) throw new NotFoundException(`site ${siteId} has no holding area`);
      const created = await this.traffic.insertHoldingReport(tx.manager, report, user.id);
      if (!created) {
        const stored = await this.traffic.findHoldingReport(tx.manager, report.id);
        const { id: _id, ...incoming } = report;
        assertSameContent(`holding report ${report.id}`, stored ?? {}, incoming);
        return { holding: current, duplicate: true };
      }
      const [latest] = await holding();
      // A late report (older than the current one) is kept for the record but changes nothing live.
      if (latest.reportedAt !== null && new Date(latest.reportedAt).getTime() === report.reportedAt.getTime()) {
        await this.alerts.evaluateHolding(tx, siteId, latest.vehiclesWaiting, latest.capacityVehicles);
        tx.publish({ name: 'holding.changed', payload: latest });
      }
      return { holding: latest, duplicate: false };
    });
  }

  /** Runs the traffic surge rule on the last hour of these sites (every site when null), in `tx`; ends the silence of `endSilenceAt`. */
  async evaluateSurges(tx: Tx, now: Date, siteIds: string[] | null, endSilenceAt: string[] = []): Promise<void> {
    await this.alerts.evaluateTraffic(tx, await this.traffic.lastHourPeopleBySite(tx.manager, lastHourStart(now), siteIds), endSilenceAt);
  }

  /**
   * What each active site sent in the last `minutes` and what it saw in that window of the day on the
   * previous SILENCE_HISTORY_DAYS days (the `site_silent` rule's history), read in `tx`. The window starts
   * at the bucket holding `now - minutes`, so a movement just inside it always counts.
   */
  async silenceFigures(tx: Tx, now: Date, minutes: number): Promise<SilenceFigures[]> {
    const rows = await this.traffic.windowPeopleByDaysBack(tx.manager, bucketStart(new Date(now.getTime() - minutes * 60_000)), now, SILENCE_HISTORY_DAYS);
    const bySite = new Map<string, SilenceFigures>();
    for (const row of rows) {
      const figures = bySite.get(row.siteId) ?? { siteId: row.siteId, movements: 0, sameWindowPreviousDays: [] };
      if (row.daysBack === 0) figures.movements = row.movements;
      else figures.sameWindowPreviousDays.push(row.people);
      bySite.set(row.siteId, figures);
    }
    return [...bySite.values()];
  }

  /** Today's and last hour's figures per site. */
  async liveFigures(siteIds: string[] | null, now = new Date()): Promise<{ day: string; today: Map<string, TrafficFigures>; lastHour: Map<string, TrafficFigures> }> {
    const day = operationDay(now);
    const [todayRows, hourRows] = await Promise.all([this.traffic.dayFlows(day, siteIds), this.traffic.flowsSince(lastHourStart(now), siteIds)]);
    return { day, today: figuresBySite(todayRows), lastHour: figuresBySite(hourRows) };
  }

  async currentHolding(siteIds: string[] | null, now = new Date()): Promise<HoldingState[]> {
    return (await this.traffic.currentHolding(null, siteIds, lastHourStart(now))).map((row) => withPredictedWait(row, now));
  }

  /** Flows per five-minute bucket, direction and mode in [from, to), summed over these sites (all when null). */
  bucketFlows(from: Date, to: Date, siteIds: string[] | null): Promise<BucketFlowRow[]> {
    return this.traffic.bucketFlows(from, to, siteIds);
  }

  /** Recorded people per site, hour and direction in [from, to) (the forecasts' history); hours with none are absent. */
  hourlyPeople(from: Date, to: Date, siteIds: string[] | null): Promise<HourlyPeopleRow[]> {
    return this.traffic.hourlyPeople(from, to, siteIds);
  }

  /** Bus and minibus figures of the rest areas on a local day. */
  busStaging(day: string, siteIds: string[] | null): Promise<BusStagingRow[]> {
    return this.traffic.busStaging(day, siteIds);
  }
}
