import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily rollup of assistance cases for the season statistics: per site, local day of opening
 * (Africa/Casablanca) and category, the cases opened and those escalated to the Central Coordination
 * Office. Kept in the transaction that writes the case; filled here from the cases already stored.
 */
export class CaseDays1764900000000 implements MigrationInterface {
  name = 'CaseDays1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "case_days" (
        "site_id" text NOT NULL,
        "day" date NOT NULL,
        "category" text NOT NULL,
        "opened" integer NOT NULL,
        "escalated" integer NOT NULL,
        CONSTRAINT "PK_case_days" PRIMARY KEY ("site_id", "day", "category"),
        CONSTRAINT "FK_case_days_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "CHK_case_days_category" CHECK ("category" IN ('information', 'administrative', 'customs', 'medical', 'transport')),
        CONSTRAINT "CHK_case_days_counts" CHECK ("opened" >= 0 AND "escalated" >= 0 AND "escalated" <= "opened")
      )`);
    await q.query(`CREATE INDEX "IDX_case_days_day" ON "case_days" ("day")`);
    await q.query(`
      INSERT INTO "case_days" ("site_id", "day", "category", "opened", "escalated")
      SELECT site_id, (opened_at AT TIME ZONE 'Africa/Casablanca')::date, category, count(*), count(escalated_at)
        FROM cases GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_days"`);
  }
}
