import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AlertLevel, AlertRule, AlertView } from '@marhaba/shared';
import { ADVISORY_LOCKS } from '../../database/advisory-locks.js';
import { queryPrepared } from '../../database/prepared.js';

/** Selects an AlertView from a relation `a` holding alerts rows (a table or a RETURNING clause). */
const VIEW = `SELECT a.id, a.rule, a.level, a.site_id AS "siteId", a.subject, a.details,
  a.raised_at AS "raisedAt", a.updated_at AS "updatedAt", a.acknowledged_at AS "acknowledgedAt",
  u.username AS "acknowledgedBy", a.cleared_at AS "clearedAt"
  FROM a LEFT JOIN users u ON u.id = a.acknowledged_by`;

export interface AlertKey {
  rule: AlertRule;
  siteId: string;
  subject: string;
}

/** Run by every movements batch (prepared: see `queryPrepared`). */
const FIND_ACTIVE = { name: 'alerts_find_active', text: `SELECT rule, site_id AS "siteId", subject, level FROM alerts WHERE rule = ANY($1::text[]) AND cleared_at IS NULL` };
const CLEAR_AT_SITES = {
  name: 'alerts_clear_at_sites',
  text: `WITH a AS (
         UPDATE alerts SET cleared_at = now(), updated_at = now()
          WHERE rule = $1 AND site_id = ANY($2) AND cleared_at IS NULL
         RETURNING *)
       ${VIEW}`,
};

@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Raises an alert, or changes the level of the active one. Returns the alert when something changed,
   * null when it was already active at that level (its details then keep the figures of the last change).
   * A rise in level asks for a new acknowledgement. With `refreshDetails`, a change of details alone is a
   * change too (an expected peak whose hour or figure moved), kept without asking for a new acknowledgement.
   */
  async raise(m: EntityManager, key: AlertKey, level: AlertLevel, details: AlertView['details'], refreshDetails = false): Promise<AlertView | null> {
    const rows: AlertView[] = await m.query(
      `WITH a AS (
         INSERT INTO alerts AS x (rule, site_id, subject, level, details) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (rule, site_id, subject) WHERE cleared_at IS NULL DO UPDATE
           SET level = excluded.level, details = excluded.details, updated_at = now(),
               acknowledged_at = CASE WHEN excluded.level = 'critical' AND x.level <> 'critical' THEN NULL ELSE x.acknowledged_at END,
               acknowledged_by = CASE WHEN excluded.level = 'critical' AND x.level <> 'critical' THEN NULL ELSE x.acknowledged_by END
           WHERE x.level IS DISTINCT FROM excluded.level OR ($6 AND x.details IS DISTINCT FROM excluded.details)
         RETURNING *)
       ${VIEW}`,
      [key.rule, key.siteId, key.subject, level, JSON.stringify(details), refreshDetails],
    );
    return rows[0] ?? null;
  }

  async clear(m: EntityManager, key: AlertKey): Promise<AlertView | null> {
    const rows: AlertView[] = await m.query(
      `WITH a AS (
         UPDATE alerts SET cleared_at = now(), updated_at = now()
          WHERE rule = $1 AND site_id = $2 AND subject = $3 AND cleared_at IS NULL
         RETURNING *)
       ${VIEW}`,
      [key.rule, key.siteId, key.subject],
    );
    return rows[0] ?? null;
  }

  /** Active alerts of a rule, with their level. */
  findActive(m: EntityManager, ...rules: AlertRule[]): Promise<(AlertKey & { level: AlertLevel })[]> {
    return queryPrepared(m, FIND_ACTIVE, [rules]);
  }

  /** Clears the active alerts of a rule at these sites, returning those it cleared. */
  clearAtSites(m: EntityManager, rule: AlertRule, siteIds: string[]): Promise<AlertView[]> {
    return queryPrepared(m, CLEAR_AT_SITES, [rule, siteIds]);
  }

  list(filter: { active: boolean | null; siteIds: string[] | null; limit: number }): Promise<AlertView[]> {
    return this.dataSource.query(
      `WITH a AS (
         SELECT * FROM alerts
          WHERE ($1::boolean IS NULL OR (cleared_at IS NULL) = $1)
            AND ($2::text[] IS NULL OR site_id = ANY($2))
          ORDER BY raised_at DESC LIMIT $3)
       ${VIEW} ORDER BY a.raised_at DESC`,
      [filter.active, filter.siteIds, filter.limit],
    );
  }

  async findById(id: string): Promise<AlertView | null> {
    const rows: AlertView[] = await this.dataSource.query(`WITH a AS (SELECT * FROM alerts WHERE id = $1) ${VIEW}`, [id]);
    return rows[0] ?? null;
  }

  /** Records the first acknowledgement; acknowledging again changes nothing. */
  async acknowledge(m: EntityManager, id: string, userId: string): Promise<AlertView | null> {
    const rows: AlertView[] = await m.query(
      `WITH a AS (
         UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2, updated_at = now()
          WHERE id = $1 AND acknowledged_at IS NULL
         RETURNING *)
       ${VIEW}`,
      [id, userId],
    );
    return rows[0] ?? null;
  }


  /** Sweeps are done by one instance at a time; the others skip. */
  async tryLockSweep(m: EntityManager): Promise<boolean> {
    const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [ADVISORY_LOCKS.alertSweep]);
    return locked;
  }
}
