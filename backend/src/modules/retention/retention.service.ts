import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, operationDay, operationDayStart } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../../database/advisory-locks.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { CasesService } from '../cases/cases.service.js';

/** Rows per statement: each batch is a short transaction of its own, so the sweep never holds many locks. */
export const RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;

export interface RetentionResult {
  casesAnonymised: number;
  auditRowsRemoved: number;
  sessionsRemoved: number;
}

/**
 * Retention, every RETENTION_SWEEP_MS on one instance at a time (advisory lock):
 * - a case's personal fields are cleared RETENTION_DAYS_AFTER_SEASON days after the end of the edition
 *   (season) it was opened in; a case opened outside every edition counts from its own day;
 * - audit rows older than AUDIT_RETENTION_DAYS are removed;
 * - sign-in sessions that ended (revoked or over) more than a day ago are removed.
 * In batches; running it again changes nothing.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask('retention sweep', config.retention.sweepMs, () => this.sweep(new Date()));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One sweep as of `now`; null when another instance holds the lock. */
  sweep(now: Date): Promise<RetentionResult | null> {
    return withAdvisoryLock(this.dataSource, ADVISORY_LOCKS.retention, false, async () => {
      // Seasons that ended on or after this day are still within their retention period.
      const keepFrom = addDays(operationDay(now), -this.config.retention.daysAfterSeason);
      const casesAnonymised = await inBatches(() => this.cases.anonymiseBatch(operationDayStart(keepFrom), keepFrom, RETENTION_BATCH));
      const auditBefore = new Date(now.getTime() - this.config.audit.retentionDays * DAY_MS);
      const auditRowsRemoved = await inBatches(() => this.audit.removeOlderThan(auditBefore, RETENTION_BATCH));
      const sessionsRemoved = await inBatches(() => this.auth.removeEndedSessions(new Date(now.getTime() - DAY_MS), RETENTION_BATCH));
      if (casesAnonymised + auditRowsRemoved + sessionsRemoved > 0) {
        this.logger.log(`retention: ${casesAnonymised} cases anonymised, ${auditRowsRemoved} audit rows removed, ${sessionsRemoved} ended sessions removed`);
      }
      return { casesAnonymised, auditRowsRemoved, sessionsRemoved };
    });
  }
}

/** Runs `batch` until it handles fewer than a full batch; returns the total. */
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < RETENTION_BATCH) return total;
  }
}
