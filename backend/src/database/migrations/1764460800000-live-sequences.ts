import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sequence numbers of the live stream, per site, shared by every instance (they order deltas for clients). */
export class LiveSequences1764460800000 implements MigrationInterface {
  name = 'LiveSequences1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "live_sequences" (
        "site_id" text NOT NULL,
        "seq" bigint NOT NULL,
        CONSTRAINT "PK_live_sequences" PRIMARY KEY ("site_id"),
        CONSTRAINT "FK_live_sequences_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "live_sequences"');
  }
}
