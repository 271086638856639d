import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log (sign-ins, refused access, case changes, exports), kept AUDIT_RETENTION_DAYS. */
export class AuditLog1765200000000 implements MigrationInterface {
  name = 'AuditLog1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_log" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "kind" text NOT NULL,
        "actor_id" uuid,
        "username" text,
        "role" text,
        "address" text,
        "site_id" text,
        "case_id" uuid,
        "count" integer NOT NULL DEFAULT 1,
        "details" jsonb NOT NULL,
        CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_audit_log_kind" CHECK ("kind" IN ('sign_in', 'sign_in_failed', 'sign_out', 'access_refused', 'case_created', 'case_updated', 'export', 'account_created', 'account_updated')),
        CONSTRAINT "CHK_audit_log_count" CHECK ("count" >= 1)
      )`);
    await q.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log" ("at")`);
    await q.query(`CREATE INDEX "IDX_audit_log_kind" ON "audit_log" ("kind", "id")`);
    await q.query(`CREATE INDEX "IDX_audit_log_username" ON "audit_log" ("username", "id")`);
    await q.query(`CREATE INDEX "IDX_audit_log_site" ON "audit_log" ("site_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "audit_log"');
  }
}
