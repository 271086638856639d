import type { Entities } from './database/data-source.js';
import { AlertEntity } from './modules/alerts/alert.entity.js';
import { AuditEntryEntity } from './modules/audit/audit-entry.entity.js';
import { SessionEntity } from './modules/auth/session.entity.js';
import { UserEntity, UserSiteEntity } from './modules/auth/user.entity.js';
import { CaseDayEntity } from './modules/cases/case-day.entity.js';
import { CaseEventEntity } from './modules/cases/case-event.entity.js';
import { CaseEntity } from './modules/cases/case.entity.js';
import { EditionEntity, EditionSiteEntity } from './modules/editions/edition.entity.js';
import { ForecastEntity } from './modules/forecast/forecast.entity.js';
import { ImportedCaseDayEntity, ImportedTrafficDayEntity } from './modules/history/imported-day.entity.js';
import { LiveSequenceEntity } from './modules/live/live-sequence.entity.js';
import { SiteEntity } from './modules/sites/site.entity.js';
import { HoldingReportEntity } from './modules/traffic/holding-report.entity.js';
import { MovementEntity } from './modules/traffic/movement.entity.js';
import { TrafficBucketEntity, TrafficDayEntity, TrafficHourEntity } from './modules/traffic/traffic-rollup.entity.js';

/**
 * Every module's tables, for the one DataSource. Listed here, above the modules, because the database
 * layer sits below them and must not import them; `test/schema.spec.ts` checks them against the migrations.
 */
export const ENTITIES: Entities = [
  SiteEntity,
  EditionEntity,
  EditionSiteEntity,
  UserEntity,
  UserSiteEntity,
  SessionEntity,
  MovementEntity,
  TrafficBucketEntity,
  TrafficDayEntity,
  TrafficHourEntity,
  HoldingReportEntity,
  CaseEntity,
  CaseEventEntity,
  CaseDayEntity,
  AlertEntity,
  LiveSequenceEntity,
  AuditEntryEntity,
  ForecastEntity,
  ImportedTrafficDayEntity,
  ImportedCaseDayEntity,
];
