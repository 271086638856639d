import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { pgErrorCode } from '../../common/pg-errors.js';
import { queryPrepared } from '../../database/prepared.js';
import { BUS_STAGING_MODES, HOLDING_QUEUE_DIRECTION, STAGING_SITE_KIND, type Direction, type HoldingState, type Mode, type MovementInput } from '@marhaba/shared';

export interface StoredMovement {
  id: string;
  siteId: string;
  direction: Direction;
  mode: Mode;
  people: number;
  vehicles: number;
  occurredAt: Date;
}

/** A five-minute bucket and its local day (Africa/Casablanca), computed by the service. */
export interface TimePlace {
  bucket: Date;
  day: string;
}

/** Where the movements of a batch fall in time: its distinct buckets, and the index of each movement's among them. */
export interface TimePlaces {
  buckets: TimePlace[];
  indexOf: number[];
}

/**
 * A PostgreSQL array literal, every element quoted (so that no text reads as NULL). Built with one join:
 * pg's own formatting escapes element by element, a measurable part of a 500-row batch's cost. Validated
 * rows hold no `"` or `\`; were one there, the elements are escaped.
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  const escaped = /["\\]/.test(values.join('')) ? values.map((v) => String(v).replace(/["\\]/g, '\\$&')) : values;
  return `{"${escaped.join('","')}"}`;
}

export interface FlowRow {
  siteId: string;
  direction: Direction;
  people: number;
  vehicles: number;
}

export interface BucketFlowRow {
  bucket: Date;
  direction: Direction;
  mode: Mode;
  people: number;
  vehicles: number;
}

/** A holding area's latest report, and the vehicles its crossing let through in the throughput window. */
export interface HoldingRow extends Omit<HoldingState, 'predictedWaitMinutes'> {
  vehiclesThrough: number;
}

export interface HourlyPeopleRow {
  siteId: string;
  hour: Date;
  direction: Direction;
  people: number;
}

export interface BusStagingRow {
  siteId: string;
  mode: Mode;
  people: number;
  vehicles: number;
}

function rollupUpsert(table: 'traffic_buckets' | 'traffic_days', key: 'bucket' | 'day'): string {
  // Ordered, so that concurrent batches lock rollup rows in the same order (no deadlock cycles).
  return `INSERT INTO ${table} AS r (site_id, ${key}, direction, mode, movements, people, vehicles)
    SELECT site_id, ${key}, direction, mode, sum(movements), sum(people), sum(vehicles) FROM placed
     GROUP BY site_id, ${key}, direction, mode ORDER BY site_id, ${key}, direction, mode
    ON CONFLICT (site_id, ${key}, direction, mode) DO UPDATE
      SET movements = r.movements + excluded.movements, people = r.people + excluded.people, vehicles = r.vehicles + excluded.vehicles`;
}

/**
 * The movements' insert with their rollups; `ignoringDuplicates` skips the ids that exist instead of failing.
 * Without it every row is inserted or the statement fails, so the rollups are summed from the input itself
 * and no id is returned, joined or compared.
 */
function insertStatement(ignoringDuplicates: boolean): string {
  const stored = ignoringDuplicates ? 'input JOIN inserted USING (id)' : 'input';
  return `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::timestamptz[], $8::int[])
           AS t(id, site_id, direction, mode, people, vehicles, occurred_at, place)),
       inserted AS (
         INSERT INTO movements (id, site_id, direction, mode, people, vehicles, occurred_at, recorded_by)
         SELECT id, site_id, direction, mode, people, vehicles, occurred_at, $11 FROM input ORDER BY id
         ${ignoringDuplicates ? 'ON CONFLICT (id) DO NOTHING RETURNING id' : ''}),
       placed AS (
         SELECT site_id, ($9::timestamptz[])[place] AS bucket, ($10::date[])[place] AS day, direction, mode,
                count(*) AS movements, sum(people) AS people, sum(vehicles) AS vehicles
           FROM ${stored} GROUP BY site_id, place, direction, mode),
       buckets AS (${rollupUpsert('traffic_buckets', 'bucket')}),
       days AS (${rollupUpsert('traffic_days', 'day')}),
       hours AS (
         INSERT INTO traffic_hours (site_id, hour)
         SELECT DISTINCT site_id, date_bin('1 hour', bucket, timestamptz '2000-01-01 00:00:00+00') FROM placed ORDER BY 1, 2
         ON CONFLICT DO NOTHING)
       ${
         ignoringDuplicates
           ? 'SELECT (SELECT count(*)::int FROM inserted) AS accepted, ARRAY(SELECT id FROM input WHERE id NOT IN (SELECT id FROM inserted)) AS resent'
           : "SELECT cardinality($1::uuid[]) AS accepted, '{}'::uuid[] AS resent"
       }`;
}
/** Prepared once per connection under these names: PostgreSQL then skips parsing and analysing the chain at each batch. */
const PLAIN_INSERT = { name: 'movements_insert', text: insertStatement(false) };
const IDEMPOTENT_INSERT = { name: 'movements_insert_idempotent', text: insertStatement(true) };
/** The surge rule's read, run by most movements batches. */
const LAST_HOUR_PEOPLE = {
  name: 'traffic_last_hour_people',
  text: `SELECT s.id AS "siteId", s.hourly_threshold_people AS threshold,
              (SELECT coalesce(sum(b.people), 0)::int FROM traffic_buckets b WHERE b.site_id = s.id AND b.bucket >= $1) AS people
         FROM sites s
        WHERE s.active AND ($2::text[] IS NULL OR s.id = ANY($2))`,
};
const UNIQUE_VIOLATION = '23505';
type InsertResult = { accepted: number; resent: string[] };

/**
 * The plain insert met an id already stored (a resend, or a concurrent copy it waited for): its transaction
 * is lost, and the batch is to be run again with `ignoringDuplicates`.
 */
export class MovementsResent extends Error {
  constructor() {
    super('the batch holds movements already stored');
  }
}

@Injectable()
export class TrafficRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the movements and adds them to both rollups (and their hours to the hours reported), in one
   * statement. The new rows are summed once per site, bucket, direction and mode; the rollups are written
   * from those few sums, and each bucket and day crosses the wire once.
   * Nearly every batch is new: the plain insert saves `ON CONFLICT`'s index probe per row, and throws
   * `MovementsResent` when an id exists. `ignoringDuplicates` skips the ids that exist instead, and answers
   * them: not the ids inserted, which would be most of the batch sent back and parsed again.
   */
  async insertBatch(m: EntityManager, movements: MovementInput[], places: TimePlaces, recordedBy: string, ignoringDuplicates: boolean): Promise<{ accepted: number; resent: Set<string> }> {
    const column = <K extends keyof MovementInput>(key: K) => arrayLiteral(movements.map((r) => r[key] as string | number));
    const values = [
      column('id'),
      column('siteId'),
      column('direction'),
      column('mode'),
      column('people'),
      column('vehicles'),
      // The contract hands instants on as UTC ISO strings.
      column('occurredAt'),
      arrayLiteral(places.indexOf.map((i) => i + 1)),
      arrayLiteral(places.buckets.map((p) => p.bucket.toISOString())),
      arrayLiteral(places.buckets.map((p) => p.day)),
      recordedBy,
    ];
    try {
      const [row] = await queryPrepared<InsertResult>(m, ignoringDuplicates ? IDEMPOTENT_INSERT : PLAIN_INSERT, values);
      return { accepted: row.accepted, resent: new Set(row.resent) };
    } catch (error) {
      if (!ignoringDuplicates && pgErrorCode(error) === UNIQUE_VIOLATION) throw new MovementsResent();
      throw error;
    }
  }

  findByIds(m: EntityManager, ids: string[]): Promise<StoredMovement[]> {
    return m.query(
      `SELECT id, site_id AS "siteId", direction, mode, people, vehicles, occurred_at AS "occurredAt" FROM movements WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** People and vehicles per site and direction on a local day, from the daily rollup. */
  dayFlows(day: string, siteIds: string[] | null): Promise<FlowRow[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", direction, sum(people)::int AS people, sum(vehicles)::int AS vehicles
         FROM traffic_days WHERE day = $1 AND ($2::text[] IS NULL OR site_id = ANY($2))
        GROUP BY site_id, direction`,
      [day, siteIds],
    );
  }

  /** People and vehicles per site and direction since an instant, from the five-minute rollup. */
  flowsSince(since: Date, siteIds: string[] | null): Promise<FlowRow[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", direction, sum(people)::int AS people, sum(vehicles)::int AS vehicles
         FROM traffic_buckets WHERE bucket >= $1 AND ($2::text[] IS NULL OR site_id = ANY($2))
        GROUP BY site_id, direction`,
      [since, siteIds],
    );
  }

  /** People since an instant and the hourly threshold of active sites (all when `siteIds` is null; no traffic counts 0). */
  lastHourPeopleBySite(m: EntityManager, since: Date, siteIds: string[] | null): Promise<{ siteId: string; people: number; threshold: number }[]> {
    return queryPrepared(m, LAST_HOUR_PEOPLE, [since, siteIds]);
  }

  /**
   * For each active site, the movements and people in the window [since, until] (five-minute buckets) of
   * today (`daysBack` 0) and of the same window on each of the `days` previous days.
   */
  windowPeopleByDaysBack(m: EntityManager, since: Date, until: Date, days: number): Promise<{ siteId: string; daysBack: number; movements: number; people: number }[]> {
    return m.query(
      `WITH w AS (SELECT k, $1::timestamptz - k * interval '1 day' AS since, $2::timestamptz - k * interval '1 day' AS until FROM generate_series(0, $3) k)
       SELECT s.id AS "siteId", w.k AS "daysBack", coalesce(sum(b.movements), 0)::int AS movements, coalesce(sum(b.people), 0)::int AS people
         FROM sites s CROSS JOIN w
         LEFT JOIN traffic_buckets b ON b.site_id = s.id AND b.bucket >= w.since AND b.bucket <= w.until
        WHERE s.active
        GROUP BY s.id, w.k`,
      [since, until, days],
    );
  }

  /** People and vehicles per five-minute bucket, direction and mode in [from, to), summed over the sites. */
  bucketFlows(from: Date, to: Date, siteIds: string[] | null): Promise<BucketFlowRow[]> {
    return this.dataSource.query(
      `SELECT bucket, direction, mode, sum(people)::int AS people, sum(vehicles)::int AS vehicles
         FROM traffic_buckets WHERE bucket >= $1 AND bucket < $2 AND ($3::text[] IS NULL OR site_id = ANY($3))
        GROUP BY bucket, direction, mode ORDER BY bucket`,
      [from, to, siteIds],
    );
  }

  /** People per site, whole hour and direction in [from, to), from the five-minute buckets; hours without movements are absent. */
  hourlyPeople(from: Date, to: Date, siteIds: string[] | null): Promise<HourlyPeopleRow[]> {
    // Casablanca's offsets are whole hours, so a UTC hour is a local hour.
    return this.dataSource.query(
      `SELECT site_id AS "siteId", date_trunc('hour', bucket, 'UTC') AS hour, direction, sum(people)::int AS people
         FROM traffic_buckets WHERE bucket >= $1 AND bucket < $2 AND ($3::text[] IS NULL OR site_id = ANY($3))
        GROUP BY site_id, hour, direction ORDER BY hour`,
      [from, to, siteIds],
    );
  }

  /** Bus staging (`isBusStaging`: buses and minibuses at the rest areas) on a local day, from the daily rollup. */
  busStaging(day: string, siteIds: string[] | null): Promise<BusStagingRow[]> {
    return this.dataSource.query(
      `SELECT d.site_id AS "siteId", d.mode, sum(d.people)::int AS people, sum(d.vehicles)::int AS vehicles
         FROM traffic_days d JOIN sites s ON s.id = d.site_id
        WHERE d.day = $1 AND s.kind = $3 AND d.mode = ANY($4) AND ($2::text[] IS NULL OR d.site_id = ANY($2))
        GROUP BY d.site_id, d.mode`,
      [day, siteIds, STAGING_SITE_KIND, BUS_STAGING_MODES],
    );
  }

  async insertHoldingReport(
    m: EntityManager,
    r: { id: string; siteId: string; vehiclesWaiting: number; estimatedWaitMinutes: number | null; reportedAt: Date },
    recordedBy: string,
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO holding_reports (id, site_id, vehicles_waiting, estimated_wait_minutes, reported_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [r.id, r.siteId, r.vehiclesWaiting, r.estimatedWaitMinutes, r.reportedAt, recordedBy],
    );
    return rows.length === 1;
  }

  async findHoldingReport(m: EntityManager, id: string): Promise<Record<string, unknown> | null> {
    const rows = await m.query(
      `SELECT site_id AS "siteId", vehicles_waiting AS "vehiclesWaiting", estimated_wait_minutes AS "estimatedWaitMinutes", reported_at AS "reportedAt"
         FROM holding_reports WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * The latest report of each holding area (the current occupancy) and the vehicles its crossing let
   * through since `throughputSince` (departures: the holding areas queue those who leave), read in `m`
   * (a transaction or the pool).
   */
  currentHolding(m: EntityManager | null, siteIds: string[] | null, throughputSince: Date): Promise<HoldingRow[]> {
    return (m ?? this.dataSource.manager).query(
      `SELECT s.id AS "siteId", s.holding_capacity_vehicles AS "capacityVehicles",
              coalesce(h.vehicles_waiting, 0) AS "vehiclesWaiting",
              round(coalesce(h.vehicles_waiting, 0)::numeric / s.holding_capacity_vehicles, 3)::float AS occupancy,
              h.estimated_wait_minutes AS "estimatedWaitMinutes", h.reported_at AS "reportedAt",
              (SELECT coalesce(sum(b.vehicles), 0)::int FROM traffic_buckets b
                WHERE b.site_id = s.id AND b.direction = $3 AND b.bucket >= $2) AS "vehiclesThrough"
         FROM sites s
         LEFT JOIN LATERAL (
           SELECT * FROM holding_reports r WHERE r.site_id = s.id ORDER BY r.reported_at DESC, r.recorded_at DESC LIMIT 1
         ) h ON true
        WHERE s.holding_capacity_vehicles IS NOT NULL AND ($1::text[] IS NULL OR s.id = ANY($1))
        ORDER BY s.id`,
      [siteIds, throughputSince, HOLDING_QUEUE_DIRECTION],
    );
  }
}
