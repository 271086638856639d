import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the retention sweep anonymised a case; the partial index finds the cases it has not reached yet. */
export class CaseAnonymisation1765200000001 implements MigrationInterface {
  name = 'CaseAnonymisation1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "anonymised_at" timestamptz`);
    await q.query(`CREATE INDEX "IDX_cases_not_anonymised" ON "cases" ("opened_at") WHERE "anonymised_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_cases_not_anonymised"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "anonymised_at"`);
  }
}
