import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Site, SiteKind, SiteView } from '@marhaba/shared';
import { queryPrepared } from '../../database/prepared.js';

/** `names` falls back on `name` in every language for a site created without translations. */
const SITE_COLUMNS = `id, name, COALESCE(names, jsonb_build_object('fr', name, 'ar', name, 'en', name)) AS names, kind, channel, country, lat, lon,
  CASE WHEN holding_capacity_vehicles IS NULL THEN NULL ELSE json_build_object('capacityVehicles', holding_capacity_vehicles) END AS "holdingArea",
  hourly_threshold_people AS "hourlyThresholdPeople", active`;

function siteParams(site: Site): unknown[] {
  return [site.id, site.name, site.kind, site.channel, site.country, site.lat, site.lon, site.holdingArea?.capacityVehicles ?? null, site.hourlyThresholdPeople, site.active, site.names?.fr ?? null, site.names?.ar ?? null, site.names?.en ?? null];
}

/**
 * The names go in as text parameters, encoded like every other text column (a lone surrogate becomes
 * U+FFFD), and are built into jsonb here: a JSON-encoded object would carry `\udfff`, which jsonb refuses.
 */
const NAMES = `CASE WHEN $11::text IS NULL THEN NULL ELSE jsonb_build_object('fr', $11::text, 'ar', $12::text, 'en', $13::text) END`;

const INSERT_SITE = `INSERT INTO sites (id, name, kind, channel, country, lat, lon, holding_capacity_vehicles, hourly_threshold_people, active, names)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${NAMES})`;

/** Run by every movements batch (prepared: see `queryPrepared`). */
const ACTIVE_KINDS = { name: 'sites_active_kinds', text: 'SELECT id, kind FROM sites WHERE id = ANY($1::text[]) AND active' };

@Injectable()
export class SitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAll(): Promise<SiteView[]> {
    return this.dataSource.query(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY id`);
  }

  async findById(id: string): Promise<SiteView | null> {
    const rows: SiteView[] = await this.dataSource.query(`SELECT ${SITE_COLUMNS} FROM sites WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Kind of each known, active site among `ids`, read inside the caller's transaction. */
  async findActiveKinds(manager: EntityManager, ids: string[]): Promise<Map<string, SiteKind>> {
    const rows = await queryPrepared<{ id: string; kind: SiteKind }>(manager, ACTIVE_KINDS, [ids]);
    return new Map(rows.map((r) => [r.id, r.kind]));
  }

  /**
   * Inserts sites that do not exist yet and gives names to those that have none (a database from before
   * names); what an admin already edited is left as it is. Returns how many sites were inserted.
   */
  async insertMissing(sites: Site[]): Promise<number> {
    // At every start but the first, every site is there with its names: one statement finds it, instead of one per site.
    const [{ complete }] = await this.dataSource.query('SELECT count(*)::int = $2 AS complete FROM sites WHERE id = ANY($1::text[]) AND names IS NOT NULL', [sites.map((s) => s.id), sites.length]);
    if (complete) return 0;
    let inserted = 0;
    await this.dataSource.transaction(async (m) => {
      for (const site of sites) {
        const rows: { inserted: boolean }[] = await m.query(
          `${INSERT_SITE} ON CONFLICT (id) DO UPDATE SET names = EXCLUDED.names WHERE sites.names IS NULL RETURNING (xmax = 0) AS inserted`,
          siteParams(site),
        );
        inserted += rows.filter((r) => r.inserted).length;
      }
    });
    return inserted;
  }

  /** Returns false when the id is taken. */
  async insert(site: Site): Promise<boolean> {
    const rows = await this.dataSource.query(`${INSERT_SITE} ON CONFLICT (id) DO NOTHING RETURNING id`, siteParams(site));
    return rows.length === 1;
  }

  async update(site: Site): Promise<void> {
    await this.dataSource.query(
      `UPDATE sites SET name = $2, kind = $3, channel = $4, country = $5, lat = $6, lon = $7,
              holding_capacity_vehicles = $8, hourly_threshold_people = $9, active = $10, names = ${NAMES}, updated_at = now()
        WHERE id = $1`,
      siteParams(site),
    );
  }
}
