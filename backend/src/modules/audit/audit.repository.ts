import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntry, AuditKind } from '@marhaba/shared';

/** A row to write; `at` defaults to the transaction's time. */
export type AuditRow = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

export interface AuditFilter {
  kind: AuditKind | null;
  username: string | null;
  siteId: string | null;
  from: string | null;
  to: string | null;
  /** Rows with a smaller id than this (the previous page's last). */
  beforeId: string | null;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes rows in one statement, inside the caller's transaction when given one. */
  async insert(m: EntityManager | null, rows: AuditRow[]): Promise<void> {
    await (m ?? this.dataSource.manager).query(
      `INSERT INTO audit_log (at, kind, actor_id, username, role, address, site_id, case_id, count, details)
       SELECT coalesce(r.at, now()), r.kind, r."actorId", r.username, r.role, r.address, r."siteId", r."caseId", r.count, r.details
         FROM jsonb_to_recordset($1::jsonb) AS r(at timestamptz, kind text, "actorId" uuid, username text, role text, address text,
                                                 "siteId" text, "caseId" uuid, count integer, details jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  /** Newest first (by id: the order rows were written in). */
  list(f: AuditFilter): Promise<AuditEntry[]> {
    return this.dataSource.query(
      `SELECT id::text, at, kind, actor_id AS "actorId", username, role, address, site_id AS "siteId", case_id AS "caseId", count, details
         FROM audit_log
        WHERE ($1::text IS NULL OR kind = $1)
          AND ($2::text IS NULL OR username = $2)
          AND ($3::text IS NULL OR site_id = $3)
          AND ($4::timestamptz IS NULL OR at >= $4)
          AND ($5::timestamptz IS NULL OR at <= $5)
          AND ($6::bigint IS NULL OR id < $6::bigint)
        ORDER BY audit_log.id DESC
        LIMIT $7`,
      [f.kind, f.username, f.siteId, f.from, f.to, f.beforeId, f.limit],
    );
  }

  /** Removes up to `limit` rows older than `before`; returns how many. */
  async deleteBatchOlderThan(before: Date, limit: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return n;
  }
}
