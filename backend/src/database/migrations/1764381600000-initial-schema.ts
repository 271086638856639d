import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: sites and editions, users, movements with their rollups, holding areas, cases, alerts. */
export class InitialSchema1764381600000 implements MigrationInterface {
  name = 'InitialSchema1764381600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "sites" (
        "id" text NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "channel" text NOT NULL,
        "country" character(2) NOT NULL,
        "lat" double precision NOT NULL,
        "lon" double precision NOT NULL,
        "holding_capacity_vehicles" integer,
        "hourly_threshold_people" integer NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_sites" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_sites_kind" CHECK ("kind" IN ('port', 'airport', 'land_border', 'rest_area')),
        CONSTRAINT "CHK_sites_channel" CHECK ("channel" IN ('sea', 'air')),
        CONSTRAINT "CHK_sites_holding" CHECK ("holding_capacity_vehicles" IS NULL OR "holding_capacity_vehicles" > 0),
        CONSTRAINT "CHK_sites_threshold" CHECK ("hourly_threshold_people" > 0)
      )`);
    await q.query(`
      CREATE TABLE "editions" (
        "year" integer NOT NULL,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        CONSTRAINT "PK_editions" PRIMARY KEY ("year"),
        CONSTRAINT "CHK_editions_dates" CHECK ("starts_on" <= "ends_on")
      )`);
    await q.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "username" text NOT NULL,
        "password_hash" text NOT NULL,
        "role" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_users" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_users_username" UNIQUE ("username"),
        CONSTRAINT "CHK_users_role" CHECK ("role" IN ('assistant', 'coordinator', 'supervisor', 'admin'))
      )`);
    await q.query(`
      CREATE TABLE "user_sites" (
        "user_id" uuid NOT NULL,
        "site_id" text NOT NULL,
        CONSTRAINT "PK_user_sites" PRIMARY KEY ("user_id", "site_id"),
        CONSTRAINT "FK_user_sites_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_user_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "movements" (
        "id" uuid NOT NULL,
        "site_id" text NOT NULL,
        "direction" text NOT NULL,
        "mode" text NOT NULL,
        "people" integer NOT NULL,
        "vehicles" integer NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        "recorded_by" uuid NOT NULL,
        CONSTRAINT "PK_movements" PRIMARY KEY ("id"),
        CONSTRAINT "FK_movements_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "FK_movements_user" FOREIGN KEY ("recorded_by") REFERENCES "users"("id"),
        CONSTRAINT "CHK_movements_direction" CHECK ("direction" IN ('arrival', 'departure')),
        CONSTRAINT "CHK_movements_mode" CHECK ("mode" IN ('car', 'bus', 'minibus', 'motorcycle', 'foot', 'plane')),
        CONSTRAINT "CHK_movements_counts" CHECK ("people" >= 0 AND "vehicles" >= 0)
      )`);
    await q.query(`CREATE INDEX "IDX_movements_site_occurred" ON "movements" ("site_id", "occurred_at")`);
    // Rollups, maintained in the transaction that inserts the raw rows: five-minute buckets for live
    // figures, local days (Africa/Casablanca) for statistics.
    for (const [table, key, keyType] of [
      ['traffic_buckets', 'bucket', 'timestamptz'],
      ['traffic_days', 'day', 'date'],
    ] as const) {
      await q.query(`
        CREATE TABLE "${table}" (
          "site_id" text NOT NULL,
          "${key}" ${keyType} NOT NULL,
          "direction" text NOT NULL,
          "mode" text NOT NULL,
          "movements" integer NOT NULL,
          "people" bigint NOT NULL,
          "vehicles" bigint NOT NULL,
          CONSTRAINT "PK_${table}" PRIMARY KEY ("site_id", "${key}", "direction", "mode"),
          CONSTRAINT "FK_${table}_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id")
        )`);
    }
    await q.query(`CREATE INDEX "IDX_traffic_buckets_bucket" ON "traffic_buckets" ("bucket")`);
    await q.query(`CREATE INDEX "IDX_traffic_days_day" ON "traffic_days" ("day")`);
    await q.query(`
      CREATE TABLE "holding_reports" (
        "id" uuid NOT NULL,
        "site_id" text NOT NULL,
        "vehicles_waiting" integer NOT NULL,
        "estimated_wait_minutes" integer,
        "reported_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        "recorded_by" uuid NOT NULL,
        CONSTRAINT "PK_holding_reports" PRIMARY KEY ("id"),
        CONSTRAINT "FK_holding_reports_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "FK_holding_reports_user" FOREIGN KEY ("recorded_by") REFERENCES "users"("id"),
        CONSTRAINT "CHK_holding_reports_counts" CHECK ("vehicles_waiting" >= 0 AND ("estimated_wait_minutes" IS NULL OR "estimated_wait_minutes" >= 0))
      )`);
    await q.query(`CREATE INDEX "IDX_holding_reports_site_reported" ON "holding_reports" ("site_id", "reported_at")`);
    await q.query(`
      CREATE TABLE "cases" (
        "id" uuid NOT NULL,
        "site_id" text NOT NULL,
        "category" text NOT NULL,
        "subcategory" text,
        "priority" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "beneficiary" jsonb,
        "summary" text,
        "assignee" text,
        "opened_at" timestamptz NOT NULL,
        "escalated_at" timestamptz,
        "resolved_at" timestamptz,
        "created_by" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "PK_cases" PRIMARY KEY ("id"),
        CONSTRAINT "FK_cases_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "FK_cases_user" FOREIGN KEY ("created_by") REFERENCES "users"("id"),
        CONSTRAINT "CHK_cases_category" CHECK ("category" IN ('information', 'administrative', 'customs', 'medical', 'transport')),
        CONSTRAINT "CHK_cases_priority" CHECK ("priority" IN ('low', 'normal', 'high', 'critical')),
        CONSTRAINT "CHK_cases_status" CHECK ("status" IN ('open', 'in_progress', 'escalated', 'resolved')),
        CONSTRAINT "CHK_cases_summary" CHECK (char_length("summary") <= 500)
      )`);
    await q.query(`CREATE INDEX "IDX_cases_opened" ON "cases" ("opened_at", "id")`);
    await q.query(`CREATE INDEX "IDX_cases_site_status" ON "cases" ("site_id", "status")`);
    await q.query(`
      CREATE TABLE "case_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "case_id" uuid NOT NULL,
        "change_id" uuid,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" uuid NOT NULL,
        "action" text NOT NULL,
        "status_from" text,
        "status_to" text,
        "assignee" text,
        "note" text,
        CONSTRAINT "PK_case_events" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_case_events_change" UNIQUE ("change_id"),
        CONSTRAINT "FK_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_case_events_user" FOREIGN KEY ("actor_id") REFERENCES "users"("id"),
        CONSTRAINT "CHK_case_events_action" CHECK ("action" IN ('created', 'updated'))
      )`);
    await q.query(`CREATE INDEX "IDX_case_events_case" ON "case_events" ("case_id", "at")`);
    await q.query(`
      CREATE TABLE "alerts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rule" text NOT NULL,
        "level" text NOT NULL,
        "site_id" text NOT NULL,
        "subject" text NOT NULL,
        "details" jsonb NOT NULL,
        "raised_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "acknowledged_at" timestamptz,
        "acknowledged_by" uuid,
        "cleared_at" timestamptz,
        CONSTRAINT "PK_alerts" PRIMARY KEY ("id"),
        CONSTRAINT "FK_alerts_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id"),
        CONSTRAINT "FK_alerts_user" FOREIGN KEY ("acknowledged_by") REFERENCES "users"("id"),
        CONSTRAINT "CHK_alerts_rule" CHECK ("rule" IN ('holding_capacity', 'traffic_surge', 'critical_medical', 'case_unattended')),
        CONSTRAINT "CHK_alerts_level" CHECK ("level" IN ('warning', 'critical'))
      )`);
    // At most one active alert per rule and subject: raising twice is a no-op.
    await q.query(`CREATE UNIQUE INDEX "UQ_alerts_active" ON "alerts" ("rule", "site_id", "subject") WHERE "cleared_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['alerts', 'case_events', 'cases', 'holding_reports', 'traffic_days', 'traffic_buckets', 'movements', 'user_sites', 'users', 'editions', 'sites']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
