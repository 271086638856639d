import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The latest forecast of each site (issue 12): one row per site, replaced at each refit. */
export class Forecasts1765312000000 implements MigrationInterface {
  name = 'Forecasts1765312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "forecasts" (
        "site_id" text NOT NULL,
        "generated_at" timestamptz NOT NULL,
        "method" text NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "hours" jsonb NOT NULL,
        CONSTRAINT "PK_forecasts" PRIMARY KEY ("site_id"),
        CONSTRAINT "FK_forecasts_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_forecasts_hours" CHECK (jsonb_typeof("hours") = 'array')
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "forecasts"');
  }
}
