import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_KINDS = `'sign_in', 'sign_in_failed', 'sign_out', 'access_refused', 'case_created', 'case_updated', 'export', 'account_created', 'account_updated'`;

/**
 * Past editions' daily figures imported from spreadsheets (POST /api/imports), one row per edition, day,
 * site and direction or category: the primary keys make a second import of the same file replace, never
 * add. Two views are the one read model of daily figures: recorded rollups and imported figures together
 * (a day and site holds one or the other, never both: the import and the live writes refuse the overlap).
 */
export class ImportedFigures1765400000000 implements MigrationInterface {
  name = 'ImportedFigures1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "imported_traffic_days" (
        "edition" integer NOT NULL,
        "day" date NOT NULL,
        "site_id" text NOT NULL,
        "direction" text NOT NULL,
        "people" integer NOT NULL,
        "vehicles" integer NOT NULL,
        "imported_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_imported_traffic_days" PRIMARY KEY ("edition", "day", "site_id", "direction"),
        CONSTRAINT "FK_imported_traffic_days_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "CHK_imported_traffic_days_direction" CHECK ("direction" IN ('arrival', 'departure')),
        CONSTRAINT "CHK_imported_traffic_days_counts" CHECK ("people" >= 0 AND "vehicles" >= 0)
      )`);
    await q.query(`CREATE INDEX "IDX_imported_traffic_days_day_site" ON "imported_traffic_days" ("day", "site_id")`);
    await q.query(`
      CREATE TABLE "imported_case_days" (
        "edition" integer NOT NULL,
        "day" date NOT NULL,
        "site_id" text NOT NULL,
        "category" text NOT NULL,
        "cases" integer NOT NULL,
        "escalated" integer NOT NULL,
        "imported_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_imported_case_days" PRIMARY KEY ("edition", "day", "site_id", "category"),
        CONSTRAINT "FK_imported_case_days_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "CHK_imported_case_days_category" CHECK ("category" IN ('information', 'administrative', 'customs', 'medical', 'transport')),
        CONSTRAINT "CHK_imported_case_days_counts" CHECK ("cases" >= 0 AND "escalated" >= 0 AND "escalated" <= "cases")
      )`);
    await q.query(`CREATE INDEX "IDX_imported_case_days_day_site" ON "imported_case_days" ("day", "site_id")`);
    // Imported traffic has no mode: spreadsheets keep people and vehicles per direction only.
    await q.query(`
      CREATE VIEW "daily_traffic" AS
        SELECT "day", "site_id", "direction", "mode", "people", "vehicles" FROM "traffic_days"
        UNION ALL
        SELECT "day", "site_id", "direction", NULL::text, "people"::bigint, "vehicles"::bigint FROM "imported_traffic_days"`);
    await q.query(`
      CREATE VIEW "daily_cases" AS
        SELECT "day", "site_id", "category", "opened", "escalated" FROM "case_days"
        UNION ALL
        SELECT "day", "site_id", "category", "cases", "escalated" FROM "imported_case_days"`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "CHK_audit_log_kind"`);
    await q.query(`ALTER TABLE "audit_log" ADD CONSTRAINT "CHK_audit_log_kind" CHECK ("kind" IN (${OLD_KINDS}, 'import'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "audit_log" WHERE "kind" = 'import'`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "CHK_audit_log_kind"`);
    await q.query(`ALTER TABLE "audit_log" ADD CONSTRAINT "CHK_audit_log_kind" CHECK ("kind" IN (${OLD_KINDS}))`);
    await q.query(`DROP VIEW "daily_cases"`);
    await q.query(`DROP VIEW "daily_traffic"`);
    await q.query(`DROP TABLE "imported_case_days"`);
    await q.query(`DROP TABLE "imported_traffic_days"`);
  }
}
