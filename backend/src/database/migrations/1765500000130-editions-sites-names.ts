import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sites of each edition (the list changes from one season to the next) and each site's names in
 * French, Arabic and English. Both are filled by the reference-data seeding at start: an edition without
 * members gets the reference list, a site without names the reference names. Admins' changes to editions
 * are audited under two new kinds.
 */
const KINDS_BEFORE = `'sign_in', 'sign_in_failed', 'sign_out', 'access_refused', 'case_created', 'case_updated', 'export', 'account_created', 'account_updated', 'import'`;
const KINDS_AFTER = `${KINDS_BEFORE}, 'edition_created', 'edition_updated'`;

export class EditionsSitesNames1765500000130 implements MigrationInterface {
  name = 'EditionsSitesNames1765500000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "edition_sites" (
        "year" integer NOT NULL,
        "site_id" text NOT NULL,
        CONSTRAINT "PK_edition_sites" PRIMARY KEY ("year", "site_id"),
        CONSTRAINT "FK_edition_sites_edition" FOREIGN KEY ("year") REFERENCES "editions"("year") ON DELETE CASCADE,
        CONSTRAINT "FK_edition_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "IDX_edition_sites_site" ON "edition_sites" ("site_id")`);
    await q.query(`ALTER TABLE "sites" ADD "names" jsonb`);
    await q.query(`ALTER TABLE "sites" ADD CONSTRAINT "CHK_sites_names" CHECK ("names" IS NULL OR jsonb_typeof("names") = 'object')`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "CHK_audit_log_kind"`);
    await q.query(`ALTER TABLE "audit_log" ADD CONSTRAINT "CHK_audit_log_kind" CHECK ("kind" IN (${KINDS_AFTER}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "audit_log" WHERE "kind" IN ('edition_created', 'edition_updated')`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "CHK_audit_log_kind"`);
    await q.query(`ALTER TABLE "audit_log" ADD CONSTRAINT "CHK_audit_log_kind" CHECK ("kind" IN (${KINDS_BEFORE}))`);
    await q.query(`ALTER TABLE "sites" DROP CONSTRAINT "CHK_sites_names"`);
    await q.query(`ALTER TABLE "sites" DROP COLUMN "names"`);
    await q.query(`DROP TABLE "edition_sites"`);
  }
}
