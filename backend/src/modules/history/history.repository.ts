import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AssistanceDayFigure, Direction, TrafficDayFigure } from '@marhaba/shared';
import { ADVISORY_LOCKS } from '../../database/advisory-locks.js';
import { queryPrepared, type PreparedStatement } from '../../database/prepared.js';

export interface SiteDay {
  day: string;
  siteId: string;
}

export interface DailyFigureRow {
  day: string;
  siteId: string;
  direction: Direction;
  people: number;
  vehicles: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

// Every movements batch locks its days and checks them for imports: both prepared (see `queryPrepared`).
const LOCK_DAYS = {
  exclusive: { name: 'history_lock_days_exclusive', text: 'SELECT count(pg_advisory_xact_lock($1::int, d)) FROM unnest($2::int[]) AS t(d)' },
  shared: { name: 'history_lock_days_shared', text: 'SELECT count(pg_advisory_xact_lock_shared($1::int, d)) FROM unnest($2::int[]) AS t(d)' },
};
/** The pairs of (day, site) found in `source`. */
const overlapStatement = (name: string, source: string): PreparedStatement => ({
  name,
  text: `SELECT DISTINCT to_char(p.day, 'YYYY-MM-DD') AS day, p.site_id AS "siteId"
         FROM unnest($1::date[], $2::text[]) AS p(day, site_id)
        WHERE EXISTS (SELECT 1 FROM (${source}) AS s WHERE s.day = p.day AND s.site_id = p.site_id)`,
});
const WITH_LIVE_RECORDS = overlapStatement('history_with_live_records', 'SELECT day, site_id FROM traffic_days UNION SELECT day, site_id FROM case_days');
const WITH_IMPORTS = overlapStatement('history_with_imports', 'SELECT day, site_id FROM imported_traffic_days UNION SELECT day, site_id FROM imported_case_days');

/**
 * Imported daily figures, and the one read of daily figures for other modules (`daily_traffic`: recorded
 * rollups and imported figures together). Checking an import against live records reads the rollups of
 * traffic and cases: a read spanning modules, kept here with the rule it serves.
 */
@Injectable()
export class HistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Locks local days against the other side (see ADVISORY_LOCKS.historyDay) until the transaction ends,
   * in day order so that two imports never wait on each other crosswise.
   */
  async lockDays(m: EntityManager, days: string[], mode: 'exclusive' | 'shared'): Promise<void> {
    const numbers = [...new Set(days.map(dayNumber))].sort((a, b) => a - b);
    if (numbers.length === 0) return;
    await queryPrepared(m, LOCK_DAYS[mode], [ADVISORY_LOCKS.historyDay, numbers]);
  }

  /** Which of these days and sites hold live-recorded movements or cases. */
  async withLiveRecords(m: EntityManager, pairs: SiteDay[]): Promise<SiteDay[]> {
    return this.overlap(m, pairs, WITH_LIVE_RECORDS);
  }

  /** Which of these days and sites hold imported figures. */
  async withImports(m: EntityManager, pairs: SiteDay[]): Promise<SiteDay[]> {
    return this.overlap(m, pairs, WITH_IMPORTS);
  }

  private async overlap(m: EntityManager, pairs: SiteDay[], statement: PreparedStatement): Promise<SiteDay[]> {
    if (pairs.length === 0) return [];
    return queryPrepared(m, statement, [pairs.map((p) => p.day), pairs.map((p) => p.siteId)]);
  }

  /** Writes traffic figures, replacing those of the same key; answers how many replaced one. */
  upsertTraffic(m: EntityManager, edition: number, rows: TrafficDayFigure[]): Promise<number> {
    return this.upsert(m, 'imported_traffic_days', ['direction', 'people', 'vehicles'], edition, rows.map((r) => [r.date, r.siteId, r.direction, r.people, r.vehicles]));
  }

  /** Writes assistance figures, replacing those of the same key; answers how many replaced one. */
  upsertAssistance(m: EntityManager, edition: number, rows: AssistanceDayFigure[]): Promise<number> {
    return this.upsert(m, 'imported_case_days', ['category', 'cases', 'escalated'], edition, rows.map((r) => [r.date, r.siteId, r.category, r.cases, r.escalated]));
  }

  /** One statement per table: rows as columns of arrays (unnest), `xmax <> 0` telling an update from an insert. */
  private async upsert(m: EntityManager, table: string, [key, first, second]: [string, string, string], edition: number, rows: (string | number)[][]): Promise<number> {
    if (rows.length === 0) return 0;
    const column = (i: number) => rows.map((r) => r[i]);
    const [{ replaced }] = await m.query(
      `WITH written AS (
         INSERT INTO ${table} (edition, day, site_id, ${key}, ${first}, ${second})
         SELECT $1, * FROM unnest($2::date[], $3::text[], $4::text[], $5::int[], $6::int[])
         ON CONFLICT (edition, day, site_id, ${key}) DO UPDATE SET ${first} = excluded.${first}, ${second} = excluded.${second}, imported_at = now()
         RETURNING (xmax <> 0) AS replaced)
       SELECT count(*) FILTER (WHERE replaced)::int AS replaced FROM written`,
      [edition, column(0), column(1), column(2), column(3), column(4)],
    );
    return replaced;
  }

  /** Whether any daily figure, recorded or imported, falls on the local days `from`..`to`. */
  async hasFigures(from: string, to: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM daily_traffic WHERE day BETWEEN $1 AND $2) OR EXISTS (SELECT 1 FROM daily_cases WHERE day BETWEEN $1 AND $2) AS found`,
      [from, to],
    );
    return row.found === true;
  }

  /** People and vehicles per local day, site and direction, recorded or imported (`daily_traffic`). */
  dailyFigures(siteIds: string[] | null, from: string, to: string): Promise<DailyFigureRow[]> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, site_id AS "siteId", direction, sum(people)::int AS people, sum(vehicles)::int AS vehicles
         FROM daily_traffic
        WHERE day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR site_id = ANY($3))
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [from, to, siteIds],
    );
  }
}
