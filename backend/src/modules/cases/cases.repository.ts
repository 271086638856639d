import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OPEN_CASE_STATUSES, OPERATION_TIME_ZONE, type CaseCategory, type CaseCreate, type CaseHistoryEntry, type CaseStatus, type CaseView, type Priority } from '@marhaba/shared';

const VIEW_COLUMNS = `id, site_id AS "siteId", category, subcategory, priority, status, beneficiary, summary, assignee,
  opened_at AS "openedAt", escalated_at AS "escalatedAt", resolved_at AS "resolvedAt",
  created_at AS "createdAt", updated_at AS "updatedAt", version`;

/** Position in the newest-first order: opened_at in microseconds since the epoch (exact), then id. */
export interface CaseCursor {
  openedAtMicros: string;
  id: string;
}

export interface CaseFilter {
  siteIds: string[] | null;
  /** Any of these statuses; none given: every status. */
  statuses?: readonly CaseStatus[];
  category?: CaseCategory;
  priority?: Priority;
  fromDay?: string;
  fromInstant?: string;
  toDay?: string;
  toInstant?: string;
  after?: CaseCursor;
  limit: number;
}

export interface CaseDayKey {
  siteId: string;
  /** Local day (Africa/Casablanca) the case was opened. */
  day: string;
  category: CaseCategory;
}

export interface CaseEventRow {
  caseId: string;
  changeId: string | null;
  actorId: string;
  action: 'created' | 'updated';
  statusFrom: CaseStatus | null;
  statusTo: CaseStatus | null;
  assignee: string | null;
  note: string | null;
}

export interface CaseChanges {
  status: CaseStatus;
  assignee: string | null;
  /** This change escalates the case (`isEscalation`): escalated_at is set, once. */
  escalation: boolean;
}

@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts a new case with its `created` history entry and counts it in the daily rollup (site, local
   * day of opening `day`, category), in one statement (one round trip); null when the id exists, and
   * then nothing is written.
   */
  async insertIgnoringDuplicate(m: EntityManager, c: CaseCreate, createdBy: string, day: string): Promise<CaseView | null> {
    const rows: CaseView[] = await m.query(
      `WITH created AS (
         INSERT INTO cases (id, site_id, category, subcategory, priority, beneficiary, summary, opened_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING
         RETURNING *),
       event AS (
         INSERT INTO case_events (case_id, actor_id, action, status_to) SELECT id, created_by, 'created', status FROM created),
       counted AS (
         INSERT INTO case_days AS r (site_id, day, category, opened, escalated) SELECT site_id, $10::date, category, 1, 0 FROM created
         ON CONFLICT (site_id, day, category) DO UPDATE SET opened = r.opened + 1)
       SELECT ${VIEW_COLUMNS} FROM created`,
      [c.id, c.siteId, c.category, c.subcategory ?? null, c.priority, c.beneficiary ? JSON.stringify(c.beneficiary) : null, c.summary ?? null, c.openedAt, createdBy, day],
    );
    return rows[0] ?? null;
  }

  async findById(m: EntityManager | null, id: string, lock = false): Promise<CaseView | null> {
    const rows: CaseView[] = await (m ?? this.dataSource.manager).query(
      `SELECT ${VIEW_COLUMNS} FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async update(m: EntityManager, id: string, changes: CaseChanges): Promise<CaseView> {
    const rows: CaseView[] = await m.query(
      // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of rows.
      `WITH updated AS (
         UPDATE cases SET
           escalated_at = CASE WHEN $4 THEN now() ELSE escalated_at END,
           resolved_at = CASE WHEN $2 = 'resolved' AND status <> 'resolved' THEN now() ELSE resolved_at END,
           status = $2, assignee = $3, version = version + 1, updated_at = now()
         WHERE id = $1
         RETURNING *)
       SELECT ${VIEW_COLUMNS} FROM updated`,
      [id, changes.status, changes.assignee, changes.escalation],
    );
    return rows[0];
  }

  /**
   * Records a change in the case's history; an escalation is also counted in the daily rollup (site,
   * local day of opening, category), in the same statement: the caller runs it last in its transaction,
   * so the shared rollup row stays locked only until the commit.
   */
  async insertEvent(m: EntityManager, e: CaseEventRow, escalated: CaseDayKey | null): Promise<void> {
    const event = `INSERT INTO case_events (case_id, change_id, actor_id, action, status_from, status_to, assignee, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    const params = [e.caseId, e.changeId, e.actorId, e.action, e.statusFrom, e.statusTo, e.assignee, e.note];
    if (escalated === null) {
      await m.query(event, params);
    } else {
      // The row exists: the case's opening created it.
      await m.query(`WITH event AS (${event}) UPDATE case_days SET escalated = escalated + 1 WHERE site_id = $9 AND day = $10 AND category = $11`, [...params, escalated.siteId, escalated.day, escalated.category]);
    }
  }

  /** The case a change id was applied to, if it was. */
  async findChange(m: EntityManager, changeId: string): Promise<{ caseId: string } | null> {
    const rows = await m.query('SELECT case_id AS "caseId" FROM case_events WHERE change_id = $1', [changeId]);
    return rows[0] ?? null;
  }

  list(f: CaseFilter): Promise<(CaseView & { cursorMicros: string })[]> {
    return this.dataSource.query(
      `SELECT ${VIEW_COLUMNS}, (extract(epoch FROM opened_at) * 1000000)::bigint::text AS "cursorMicros"
         FROM cases
        WHERE ($1::text[] IS NULL OR site_id = ANY($1))
          AND ($2::text[] IS NULL OR status = ANY($2))
          AND ($3::text IS NULL OR category = $3)
          AND ($4::text IS NULL OR priority = $4)
          AND ($5::date IS NULL OR opened_at >= ($5::date::timestamp AT TIME ZONE '${OPERATION_TIME_ZONE}'))
          AND ($6::timestamptz IS NULL OR opened_at >= $6)
          AND ($7::date IS NULL OR opened_at < (($7::date + 1)::timestamp AT TIME ZONE '${OPERATION_TIME_ZONE}'))
          AND ($8::timestamptz IS NULL OR opened_at <= $8)
          AND ($9::bigint IS NULL OR (opened_at, id) < ('epoch'::timestamptz + $9::bigint * interval '1 microsecond', $10::uuid))
        ORDER BY opened_at DESC, id DESC
        LIMIT $11`,
      [f.siteIds, f.statuses ?? null, f.category ?? null, f.priority ?? null, f.fromDay ?? null, f.fromInstant ?? null, f.toDay ?? null, f.toInstant ?? null, f.after?.openedAtMicros ?? null, f.after?.id ?? null, f.limit],
    );
  }

  history(caseId: string): Promise<CaseHistoryEntry[]> {
    return this.dataSource.query(
      `SELECT e.at, u.username AS actor, e.action, e.status_from AS "statusFrom", e.status_to AS "statusTo", e.assignee, e.note
         FROM case_events e JOIN users u ON u.id = e.actor_id
        WHERE e.case_id = $1 ORDER BY e.at, e.id`,
      [caseId],
    );
  }

  /**
   * Clears the personal fields of up to `limit` cases opened before `before` (free text, beneficiary
   * profile, assignee, and the notes and assignees of their history), except cases opened during an edition
   * that ended on or after `keepEditionsEndingFrom`: category, site, dates and status stay, and with them
   * the statistics (which read the rollups anyway). Returns how many cases it anonymised.
   */
  async anonymiseBatch(before: Date, keepEditionsEndingFrom: string, limit: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH batch AS (
         SELECT c.id FROM cases c
          WHERE c.anonymised_at IS NULL AND c.opened_at < $1
            AND NOT EXISTS (SELECT 1 FROM editions e
                             WHERE e.ends_on >= $2::date
                               AND (c.opened_at AT TIME ZONE '${OPERATION_TIME_ZONE}')::date BETWEEN e.starts_on AND e.ends_on)
          ORDER BY c.opened_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED),
       anonymised AS (
         UPDATE cases c SET summary = NULL, beneficiary = NULL, assignee = NULL, anonymised_at = now()
           FROM batch WHERE c.id = batch.id
         RETURNING c.id),
       history AS (
         UPDATE case_events e SET note = NULL, assignee = NULL
           FROM anonymised a WHERE e.case_id = a.id AND (e.note IS NOT NULL OR e.assignee IS NOT NULL))
       SELECT count(*)::int AS n FROM anonymised`,
      [before, keepEditionsEndingFrom, limit],
    );
    return n;
  }

  /** Cases still `open` (nobody took them) since before the cutoff, except `excluding`; at most `limit`. */
  findOpenIn(m: EntityManager, window: { openedFrom: Date; openedBefore: Date }, excluding: string[], limit: number): Promise<{ id: string; siteId: string; openedAt: Date; category: CaseCategory }[]> {
    return m.query(
      `SELECT id, site_id AS "siteId", opened_at AS "openedAt", category
         FROM cases
        WHERE status = 'open' AND opened_at >= $1 AND opened_at < $2 AND id <> ALL($3::uuid[])
        LIMIT $4`,
      [window.openedFrom, window.openedBefore, excluding, limit],
    );
  }

  openCountsBySite(siteIds: string[] | null): Promise<{ siteId: string; category: CaseCategory; count: number }[]> {
    return this.dataSource.query(
      `SELECT site_id AS "siteId", category, count(*)::int AS count FROM cases
        WHERE status = ANY($2::text[]) AND ($1::text[] IS NULL OR site_id = ANY($1))
        GROUP BY site_id, category`,
      [siteIds, OPEN_CASE_STATUSES],
    );
  }
}
