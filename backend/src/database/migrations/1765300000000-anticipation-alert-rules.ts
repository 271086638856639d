import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The alert rules of issue 12: `peak_expected` (from the forecast) and `site_silent` (a busy site that went quiet). */
export class AnticipationAlertRules1765300000000 implements MigrationInterface {
  name = 'AnticipationAlertRules1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alerts" DROP CONSTRAINT "CHK_alerts_rule"`);
    await q.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "CHK_alerts_rule" CHECK ("rule" IN ('holding_capacity', 'traffic_surge', 'critical_medical', 'case_unattended', 'peak_expected', 'site_silent'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "alerts" WHERE "rule" IN ('peak_expected', 'site_silent')`);
    await q.query(`ALTER TABLE "alerts" DROP CONSTRAINT "CHK_alerts_rule"`);
    await q.query(`ALTER TABLE "alerts" ADD CONSTRAINT "CHK_alerts_rule" CHECK ("rule" IN ('holding_capacity', 'traffic_surge', 'critical_medical', 'case_unattended'))`);
  }
}
