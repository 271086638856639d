import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StoredHour } from './forecast.entity.js';

export interface StoredForecast {
  siteId: string;
  generatedAt: Date;
  method: string;
  startsAt: Date;
  hours: StoredHour[];
}

@Injectable()
export class ForecastRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replaces the sites' forecasts in one statement: readers see the old set or the new one per site, never a half-written row. */
  async upsert(rows: StoredForecast[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO forecasts (site_id, generated_at, method, starts_at, hours)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::timestamptz[], $5::jsonb[])
       ON CONFLICT (site_id) DO UPDATE SET generated_at = EXCLUDED.generated_at, method = EXCLUDED.method,
         starts_at = EXCLUDED.starts_at, hours = EXCLUDED.hours`,
      [rows.map((r) => r.siteId), rows.map((r) => r.generatedAt), rows.map((r) => r.method), rows.map((r) => r.startsAt), rows.map((r) => JSON.stringify(r.hours))],
    );
  }

  /** The latest forecast of each of these sites that has one. */
  findBySites(siteIds: string[]): Promise<StoredForecast[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", generated_at AS "generatedAt", method, starts_at AS "startsAt", hours
         FROM forecasts WHERE site_id = ANY($1)`,
      [siteIds],
    );
  }
}
