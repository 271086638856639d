import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AlertLevel, AlertRule, AlertView } from '@marhaba/shared';
import { ADVISORY_LOCKS } from '../../database/advisory-locks.js';

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

@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Raises an alert, or changes the level of the active one. Returns the alert when something changed,
   * null when it was already active at that level (its details then keep the figures of the last change).
   * A rise in level asks for a new acknowledgement.
   */
  async raise(m: EntityManager, key: AlertKey, level: AlertLevel, details: AlertView['details']): Promise<AlertView | null> {
    const rows: AlertView[] = await m.query(
      `WITH a AS (
         INSERT INTO alerts AS x (rule, site_id, subject, level, details) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (rule, site_id, subject) WHERE cleared_at IS NULL DO UPDATE
           SET level = excluded.level, details = excluded.details, updated_at = now(),
               acknowledged_at = CASE WHEN excluded.level = 'critical' THEN NULL ELSE x.acknowledged_at END,
               acknowledged_by = CASE WHEN excluded.level = 'critical' THEN NULL ELSE x.acknowledged_by END
           WHERE x.level IS DISTINCT FROM excluded.level
         RETURNING *)
       ${VIEW}`,
      [key.rule, key.siteId, key.subject, level, JSON.stringify(details)],
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

  /** Active alerts of a rule (to clear those whose condition is gone). */
  findActiveKeys(m: EntityManager, rule: AlertRule): Promise<AlertKey[]> {
    return m.query(`SELECT rule, site_id AS "siteId", subject FROM alerts WHERE rule = $1 AND cleared_at IS NULL`, [rule]);
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

  /**
   * People in the last hour, the threshold and the active surge alert's level of active sites
   * (all of them when `siteIds` is null; sites without traffic count 0).
   */
  lastHourPeopleBySite(m: EntityManager, since: Date, siteIds: string[] | null): Promise<{ siteId: string; people: number; threshold: number; level: AlertLevel | null }[]> {
    return m.query(
      `SELECT s.id AS "siteId", s.hourly_threshold_people AS threshold,
              (SELECT coalesce(sum(b.people), 0)::int FROM traffic_buckets b WHERE b.site_id = s.id AND b.bucket >= $1) AS people,
              (SELECT a.level FROM alerts a WHERE a.rule = 'traffic_surge' AND a.site_id = s.id AND a.cleared_at IS NULL) AS level
         FROM sites s
        WHERE s.active AND ($2::text[] IS NULL OR s.id = ANY($2))`,
      [since, siteIds],
    );
  }

  /** Cases still open since before the cutoff that have no active unattended alert yet. */
  findNewlyUnattendedCases(m: EntityManager, cutoff: Date): Promise<{ id: string; siteId: string; openedAt: Date; category: string }[]> {
    return m.query(
      `SELECT c.id, c.site_id AS "siteId", c.opened_at AS "openedAt", c.category
         FROM cases c
        WHERE c.status = 'open' AND c.opened_at < $1
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.rule = 'case_unattended' AND a.subject = c.id::text AND a.cleared_at IS NULL)
        LIMIT 500`,
      [cutoff],
    );
  }

  /** Sweeps are done by one instance at a time; the others skip. */
  async tryLockSweep(m: EntityManager): Promise<boolean> {
    const [{ locked }] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [ADVISORY_LOCKS.alertSweep]);
    return locked;
  }
}
