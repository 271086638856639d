import { DataSource, DataSourceOptions } from 'typeorm';
import { ADVISORY_LOCKS, withAdvisoryLock } from './advisory-locks.js';
import { InitialSchema1764381600000 } from './migrations/1764381600000-initial-schema.js';
import { CaseDays1764900000000 } from './migrations/1764900000000-case-days.js';
import { LiveSequences1764460800000 } from './migrations/1764460800000-live-sequences.js';
import { Sessions1765100000000 } from './migrations/1765100000000-sessions.js';
import { AuditLog1765200000000 } from './migrations/1765200000000-audit-log.js';
import { CaseAnonymisation1765200000001 } from './migrations/1765200000001-case-anonymisation.js';
import { AnticipationAlertRules1765300000000 } from './migrations/1765300000000-anticipation-alert-rules.js';
import { TrafficHours1765300000001 } from './migrations/1765300000001-traffic-hours.js';
import { Forecasts1765312000000 } from './migrations/1765312000000-forecasts.js';
import { ImportedFigures1765400000000 } from './migrations/1765400000000-imported-figures.js';
import { EditionsSitesNames1765500000130 } from './migrations/1765500000130-editions-sites-names.js';
import { MovementParentsPerStatement1765600000000 } from './migrations/1765600000000-movement-parents-per-statement.js';

export const MIGRATIONS = [
  InitialSchema1764381600000,
  LiveSequences1764460800000,
  CaseDays1764900000000,
  Sessions1765100000000,
  AuditLog1765200000000,
  CaseAnonymisation1765200000001,
  AnticipationAlertRules1765300000000,
  TrafficHours1765300000001,
  Forecasts1765312000000,
  ImportedFigures1765400000000,
  EditionsSitesNames1765500000130,
  MovementParentsPerStatement1765600000000,
];

/** The classes TypeORM maps: every module's, listed above the modules (`app.entities.ts`) so that this layer knows none. */
export type Entities = NonNullable<DataSourceOptions['entities']>;

export function dataSourceOptions(url: string, entities: Entities): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
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

/** Runs pending migrations under a PostgreSQL advisory lock, so that instances starting together migrate once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await withAdvisoryLock(dataSource, ADVISORY_LOCKS.migrations, true, () => dataSource.runMigrations({ transaction: 'all' }));
  return (applied ?? []).map((m) => m.name);
}
