import { DataSource, DataSourceOptions } from 'typeorm';
import { withAdvisoryLock } from './advisory-lock.js';
import { AlertEntity } from '../modules/alerts/alert.entity.js';
import { SessionEntity } from '../modules/auth/session.entity.js';
import { UserEntity, UserSiteEntity } from '../modules/auth/user.entity.js';
import { CaseDayEntity } from '../modules/cases/case-day.entity.js';
import { CaseEventEntity } from '../modules/cases/case-event.entity.js';
import { CaseEntity } from '../modules/cases/case.entity.js';
import { EditionEntity } from '../modules/sites/edition.entity.js';
import { SiteEntity } from '../modules/sites/site.entity.js';
import { HoldingReportEntity } from '../modules/traffic/holding-report.entity.js';
import { MovementEntity } from '../modules/traffic/movement.entity.js';
import { TrafficBucketEntity, TrafficDayEntity } from '../modules/traffic/traffic-rollup.entity.js';
import { InitialSchema1764381600000 } from './migrations/1764381600000-initial-schema.js';
import { CaseDays1764900000000 } from './migrations/1764900000000-case-days.js';
import { LiveSequences1764460800000 } from './migrations/1764460800000-live-sequences.js';
import { Sessions1765100000000 } from './migrations/1765100000000-sessions.js';
import { LiveSequenceEntity } from '../modules/live/live-sequence.entity.js';
import { AuditEntryEntity } from '../modules/audit/audit-entry.entity.js';
import { AuditLog1765200000000 } from './migrations/1765200000000-audit-log.js';
import { CaseAnonymisation1765200000001 } from './migrations/1765200000001-case-anonymisation.js';

export const ENTITIES = [
  SiteEntity,
  EditionEntity,
  UserEntity,
  UserSiteEntity,
  SessionEntity,
  MovementEntity,
  TrafficBucketEntity,
  TrafficDayEntity,
  HoldingReportEntity,
  CaseEntity,
  CaseEventEntity,
  CaseDayEntity,
  AlertEntity,
  LiveSequenceEntity,
  AuditEntryEntity,
];

export const MIGRATIONS = [
  InitialSchema1764381600000,
  LiveSequences1764460800000,
  CaseDays1764900000000,
  Sessions1765100000000,
  AuditLog1765200000000,
  CaseAnonymisation1765200000001,
];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: 20,
      // Fail fast while the database is away, so that requests answer 503 instead of hanging.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      query_timeout: 30_000,
      application_name: 'marhaba-backend',
    },
  };
}

/** Any fixed 64-bit key works; this one is ours: every instance that starts waits here for the others' migrations. */
const MIGRATION_LOCK_KEY = 7_302_024;

/** Runs pending migrations under a PostgreSQL advisory lock, so that instances starting together migrate once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await withAdvisoryLock(dataSource, MIGRATION_LOCK_KEY, true, () => dataSource.runMigrations({ transaction: 'all' }));
  return (applied ?? []).map((m) => m.name);
}
