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

/** A case's state after the last of its changes in a transaction. */
export interface CaseChanges {
  id: string;
  status: CaseStatus;
  assignee: string | null;
  version: number;
  /** One of its changes escalated the case (`isEscalation`): escalated_at is set, once. */
  escalated: boolean;
  /** One of its changes resolved it: resolved_at is set. */
  resolved: boolean;
}

@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the cases whose id is new, each with its `created` history entry, and counts them in the daily
   * rollup (site, `days[i]` the local day of opening of `cases[i]`, category), in one statement (one round
   * trip); returns the new ones. Ids that exist are left as stored.
   */
  async insertBatchIgnoringDuplicates(m: EntityManager, cases: CaseCreate[], createdBy: string, days: string[]): Promise<CaseView[]> {
    return m.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::timestamptz[], $9::date[])
           AS t(id, site_id, category, subcategory, priority, beneficiary, summary, opened_at, day)),
       created AS (
         INSERT INTO cases (id, site_id, category, subcategory, priority, beneficiary, summary, opened_at, created_by)
         SELECT id, site_id, category, subcategory, priority, beneficiary, summary, opened_at, $10 FROM input ORDER BY id
         ON CONFLICT (id) DO NOTHING
         RETURNING *),
       event AS (
         INSERT INTO case_events (case_id, actor_id, action, status_to) SELECT id, created_by, 'created', status FROM created),
       counted AS (
         -- One row per rollup key (a key twice in one upsert is an error), taken in key order: concurrent batches lock alike.
         INSERT INTO case_days AS r (site_id, day, category, opened, escalated)
         SELECT created.site_id, input.day, created.category, count(*), 0 FROM created JOIN input USING (id)
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (site_id, day, category) DO UPDATE SET opened = r.opened + excluded.opened)
       SELECT ${VIEW_COLUMNS} FROM created`,
      [
        cases.map((c) => c.id),
        cases.map((c) => c.siteId),
        cases.map((c) => c.category),
        cases.map((c) => c.subcategory ?? null),
        cases.map((c) => c.priority),
        cases.map((c) => (c.beneficiary ? JSON.stringify(c.beneficiary) : null)),
        cases.map((c) => c.summary ?? null),
        cases.map((c) => c.openedAt),
        days,
        createdBy,
      ],
    );
  }

  /** The stored cases among these ids, in no particular order. */
  findByIds(m: EntityManager, ids: string[]): Promise<CaseView[]> {
    return m.query(`SELECT ${VIEW_COLUMNS} FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async findById(id: string): Promise<CaseView | null> {
    const rows: CaseView[] = await this.dataSource.query(`SELECT ${VIEW_COLUMNS} FROM cases WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The stored cases among these ids, locked until the commit, taken in id order (concurrent batches lock alike). */
  lockByIds(m: EntityManager, ids: string[]): Promise<CaseView[]> {
    return m.query(`SELECT ${VIEW_COLUMNS} FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  /**
   * Writes each case's state after its last change in one statement; `escalated_at` and `resolved_at`
   * are set (to the transaction's time) when a change escalated or resolved it. Returns the rows written.
   */
  async updateAll(m: EntityManager, changes: CaseChanges[]): Promise<CaseView[]> {
    return m.query(
      // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of rows.
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::boolean[]) AS t(id, status, assignee, version, escalated, resolved)),
       updated AS (
         UPDATE cases c SET
           escalated_at = CASE WHEN i.escalated THEN now() ELSE c.escalated_at END,
           resolved_at = CASE WHEN i.resolved THEN now() ELSE c.resolved_at END,
           status = i.status, assignee = i.assignee, version = i.version, updated_at = now()
         FROM input i WHERE c.id = i.id
         RETURNING c.*)
       SELECT ${VIEW_COLUMNS} FROM updated`,
      [changes.map((c) => c.id), changes.map((c) => c.status), changes.map((c) => c.assignee), changes.map((c) => c.version), changes.map((c) => c.escalated), changes.map((c) => c.resolved)],
    );
  }

  /**
   * Records changes in their cases' history, in order; each escalation is also counted in the daily
   * rollup (site, local day of opening, category), in the same statement: the caller runs it last in its
   * transaction, so the shared rollup rows stay locked only until the commit.
   */
  async insertEvents(m: EntityManager, events: (CaseEventRow & { escalated: CaseDayKey | null })[]): Promise<void> {
    const escalated = events.flatMap((e) => (e.escalated ? [e.escalated] : []));
    await m.query(
      `WITH event AS (
         INSERT INTO case_events (case_id, change_id, actor_id, action, status_from, status_to, assignee, note)
         SELECT case_id, change_id, actor_id, action, status_from, status_to, assignee, note
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                WITH ORDINALITY AS t(case_id, change_id, actor_id, action, status_from, status_to, assignee, note, n)
          ORDER BY n),
       counted AS (SELECT site_id, day, category, count(*)::int AS n FROM unnest($9::text[], $10::date[], $11::text[]) AS k(site_id, day, category) GROUP BY 1, 2, 3)
       -- The rows exist: the cases' opening created them. Taken in key order: concurrent batches lock alike.
       UPDATE case_days d SET escalated = d.escalated + k.n
         FROM (SELECT * FROM counted ORDER BY 1, 2, 3) k
        WHERE d.site_id = k.site_id AND d.day = k.day AND d.category = k.category`,
      [
        events.map((e) => e.caseId),
        events.map((e) => e.changeId),
        events.map((e) => e.actorId),
        events.map((e) => e.action),
        events.map((e) => e.statusFrom),
        events.map((e) => e.statusTo),
        events.map((e) => e.assignee),
        events.map((e) => e.note),
        escalated.map((k) => k.siteId),
        escalated.map((k) => k.day),
        escalated.map((k) => k.category),
      ],
    );
  }

  /** The cases these change ids were applied to, for those that were. */
  findChanges(m: EntityManager, changeIds: string[]): Promise<{ changeId: string; caseId: string }[]> {
    return m.query('SELECT change_id AS "changeId", case_id AS "caseId" FROM case_events WHERE change_id = ANY($1::uuid[])', [changeIds]);
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
