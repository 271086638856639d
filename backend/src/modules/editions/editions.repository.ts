import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Edition } from '@marhaba/shared';

const EDITION_COLUMNS = `e.year, to_char(e.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(e.ends_on, 'YYYY-MM-DD') AS "endsOn",
  COALESCE(array_agg(s.site_id ORDER BY s.site_id) FILTER (WHERE s.site_id IS NOT NULL), '{}') AS "siteIds"`;

@Injectable()
export class EditionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every edition with its sites, oldest first. */
  findAll(): Promise<Edition[]> {
    return this.dataSource.query(`SELECT ${EDITION_COLUMNS} FROM editions e LEFT JOIN edition_sites s ON s.year = e.year GROUP BY e.year ORDER BY e.year`);
  }

  /** One edition, its row locked until the caller's transaction ends: two changes to it apply one after the other. */
  async findForUpdate(manager: EntityManager, year: number): Promise<Edition | null> {
    const locked = await manager.query('SELECT year FROM editions WHERE year = $1 FOR UPDATE', [year]);
    if (locked.length === 0) return null;
    const rows: Edition[] = await manager.query(`SELECT ${EDITION_COLUMNS} FROM editions e LEFT JOIN edition_sites s ON s.year = e.year WHERE e.year = $1 GROUP BY e.year`, [year]);
    return rows[0] ?? null;
  }

  /** Returns false when the year is taken. */
  async insert(manager: EntityManager, e: Edition): Promise<boolean> {
    const rows = await manager.query('INSERT INTO editions (year, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING RETURNING year', [e.year, e.startsOn, e.endsOn]);
    if (rows.length === 0) return false;
    await this.replaceSites(manager, e.year, e.siteIds);
    return true;
  }

  async updateDates(manager: EntityManager, e: Pick<Edition, 'year' | 'startsOn' | 'endsOn'>): Promise<void> {
    await manager.query('UPDATE editions SET starts_on = $2, ends_on = $3 WHERE year = $1', [e.year, e.startsOn, e.endsOn]);
  }

  async replaceSites(manager: EntityManager, year: number, siteIds: string[]): Promise<void> {
    await manager.query('DELETE FROM edition_sites WHERE year = $1 AND NOT (site_id = ANY($2::text[]))', [year, siteIds]);
    await manager.query('INSERT INTO edition_sites (year, site_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [year, siteIds]);
  }

  /**
   * Inserts the editions that do not exist yet, and gives its sites to an edition that has none (one
   * created before editions had sites); what an admin changed is left as it is.
   */
  async insertMissing(editions: Edition[]): Promise<void> {
    // At every start but the first, every edition is there with its sites: one statement finds it, instead of two per edition.
    const [{ complete }] = await this.dataSource.query(
      'SELECT count(*)::int = $2 AS complete FROM editions e WHERE e.year = ANY($1::int[]) AND EXISTS (SELECT 1 FROM edition_sites s WHERE s.year = e.year)',
      [editions.map((e) => e.year), editions.length],
    );
    if (complete) return;
    await this.dataSource.transaction(async (m) => {
      for (const e of editions) {
        await m.query('INSERT INTO editions (year, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING', [e.year, e.startsOn, e.endsOn]);
        await m.query(
          `INSERT INTO edition_sites (year, site_id) SELECT $1, unnest($2::text[])
            WHERE NOT EXISTS (SELECT 1 FROM edition_sites WHERE year = $1) ON CONFLICT DO NOTHING`,
          [e.year, e.siteIds],
        );
      }
    });
  }
}
