import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OPERATION_TIME_ZONE, type CaseCategory, type Direction, type Mode } from '@marhaba/shared';
import type { ReportedHoursRow } from './completeness.js';

export interface TrafficRow {
  siteId: string;
  direction: Direction;
  /** Null for imported figures, which have no mode. */
  mode: Mode | null;
  people: number;
  vehicles: number;
}

export interface DailyRow {
  day: string;
  direction: Direction;
  people: number;
}

export interface CaseRow {
  siteId: string;
  category: CaseCategory;
  opened: number;
  escalated: number;
}

/**
 * Season statistics read only daily figures and hourly rollups, never the raw rows: the views `daily_traffic`
 * and `daily_cases` hold the recorded rollups and the imported figures of past editions alike; `traffic_hours`
 * says in which hours a site reported (completeness).
 */
@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** People and vehicles per site, direction and mode over local days `from`..`to`; `siteIds` null means every site. */
  trafficBySite(from: string, to: string, siteIds: string[] | null): Promise<TrafficRow[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", direction, mode, sum(people)::int AS people, sum(vehicles)::int AS vehicles
         FROM daily_traffic
        WHERE day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR site_id = ANY($3))
        GROUP BY 1, 2, 3`,
      [from, to, siteIds],
    );
  }

  /** People per local day and direction at the given sites. */
  dailyPeople(from: string, to: string, siteIds: string[]): Promise<DailyRow[]> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, direction, sum(people)::int AS people
         FROM daily_traffic
        WHERE day BETWEEN $1 AND $2 AND site_id = ANY($3)
        GROUP BY 1, 2`,
      [from, to, siteIds],
    );
  }

  /** Cases opened and escalated per site and category, by local day of opening. */
  casesBySite(from: string, to: string, siteIds: string[] | null): Promise<CaseRow[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", category, sum(opened)::int AS opened, sum(escalated)::int AS escalated
         FROM daily_cases
        WHERE day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR site_id = ANY($3))
        GROUP BY 1, 2`,
      [from, to, siteIds],
    );
  }

  /** The local hours in which each site reported, per local day, for the instants [from, until); `siteIds` null means every site. */
  reportedHours(from: Date, until: Date, siteIds: string[] | null): Promise<ReportedHoursRow[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", to_char(hour AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
              array_agg(extract(hour FROM hour AT TIME ZONE $4)::int) AS hours
         FROM traffic_hours
        WHERE hour >= $1 AND hour < $2 AND ($3::text[] IS NULL OR site_id = ANY($3))
        GROUP BY 1, 2`,
      [from, until, siteIds, OPERATION_TIME_ZONE],
    );
  }

  /** Whether any movement or case was recorded or imported on the local days `from`..`to`. */
  async hasRecords(from: string, to: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM daily_traffic WHERE day BETWEEN $1 AND $2)
           OR EXISTS (SELECT 1 FROM daily_cases WHERE day BETWEEN $1 AND $2) AS found`,
      [from, to],
    );
    return row.found === true;
  }
}
