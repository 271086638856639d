import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hours in which each site reported (reporting completeness in the season statistics): one row per
 * site and hour with any movement, kept in the transaction that inserts the movements, so the statistics
 * never scan the five-minute buckets of a season. Filled from those buckets for the data already there.
 */
export class TrafficHours1765300000001 implements MigrationInterface {
  name = 'TrafficHours1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "traffic_hours" (
        "site_id" text NOT NULL,
        "hour" timestamptz NOT NULL,
        CONSTRAINT "PK_traffic_hours" PRIMARY KEY ("site_id", "hour"),
        CONSTRAINT "FK_traffic_hours_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id")
      )`);
    await q.query(`CREATE INDEX "IDX_traffic_hours_hour" ON "traffic_hours" ("hour")`);
    await q.query(`INSERT INTO "traffic_hours" ("site_id", "hour") SELECT DISTINCT "site_id", date_bin('1 hour', "bucket", timestamptz '2000-01-01 00:00:00+00') FROM "traffic_buckets"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "traffic_hours"`);
  }
}
