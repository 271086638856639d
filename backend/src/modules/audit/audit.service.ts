import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import type { ApiError, AuditEntry, AuditPage, AuditQuery, AuthUser, CaseView, ExportFormat, Role, SeasonExportQuery } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { AccessRefusals, RefusalContext } from '../../common/access-refusals.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { SiteAccessDeniedException } from '../../common/site-scope.js';
import { isDatabaseUnavailable } from '../../common/pg-errors.js';
import type { Tx } from '../../database/transactions.js';
import { AuditBuffer } from './audit-buffer.js';
import { AuditRepository, type AuditRow } from './audit.repository.js';

/** A 401 already recorded under a kind of its own (a failed sign-in): not recorded again as refused access. */
export class AuditedUnauthorizedException extends UnauthorizedException {}

/** Attacker-chosen text (paths, usernames) is cut to this length before it is stored. */
const MAX_TEXT = 200;
const cut = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);

const DEFAULT_PAGE = 100;

/**
 * The audit log. Business events are written in their own transaction (a case change and its row commit
 * or roll back together; a sign-in or an export is recorded before it is answered). What an attacker can
 * multiply (refused access, failed sign-ins) goes through a bounded buffer written at most once per
 * AUDIT_FLUSH_MS, so that a flood costs a few rows and one statement per flush.
 */
@Injectable()
export class AuditService implements AccessRefusals, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private readonly buffer: AuditBuffer;
  private readonly flusher: PeriodicTask;

  constructor(
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.buffer = new AuditBuffer(config.audit.bufferRows);
    this.flusher = new PeriodicTask('audit flush', config.audit.flushMs, () => this.writeBuffered());
  }

  onApplicationBootstrap(): void {
    this.flusher.start();
  }

  /** Before the database pool closes: write what is buffered. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flusher.stop();
    await this.flush();
  }

  /** One call per outcome of a sign-in: a success is written at once, a failure buffered. */
  /** `refusedBy`: a failure the rate limits answered (429) before any password was checked. */
  async signIn(attempt: { ok: boolean; username: string; userId: string | null; role?: Role | null; address: string; refusedBy?: 'rate_limit' }): Promise<void> {
    const row: AuditRow = {
      at: new Date(),
      kind: attempt.ok ? 'sign_in' : 'sign_in_failed',
      actorId: attempt.userId,
      username: cut(attempt.username),
      role: attempt.role ?? null,
      address: attempt.address,
      siteId: null,
      caseId: null,
      count: 1,
      details: attempt.refusedBy ? { refusedBy: attempt.refusedBy } : {},
    };
    if (attempt.ok) await this.audit.insert(null, [row]);
    else this.buffer.add(row);
  }

  async signOut(principal: AuthUser): Promise<void> {
    await this.audit.insert(null, [this.byUser(principal, 'sign_out', {})]);
  }

  /** An admin's change to an account, in its transaction: what changed, never the password itself. */
  accountChanged(tx: Tx, admin: AuthUser, account: { id: string; username: string }, action: 'created' | 'updated', details: Record<string, unknown>): Promise<void> {
    return this.audit.insert(tx.manager, [this.byUser(admin, action === 'created' ? 'account_created' : 'account_updated', { account: account.username, accountId: account.id, ...details })]);
  }

  /** An admin's change to an edition (its dates, its sites), in its transaction. */
  editionChanged(tx: Tx, admin: AuthUser, year: number, action: 'created' | 'updated', details: Record<string, unknown>): Promise<void> {
    return this.audit.insert(tx.manager, [this.byUser(admin, action === 'created' ? 'edition_created' : 'edition_updated', { year, ...details })]);
  }

  /** Records a 401 or 403 answer (anything else is ignored), through the buffer. */
  accessRefused(exception: unknown, answer: ApiError, context: RefusalContext): void {
    if ((answer.statusCode !== 401 && answer.statusCode !== 403) || exception instanceof AuditedUnauthorizedException) return;
    this.buffer.add({
      at: new Date(),
      kind: 'access_refused',
      actorId: context.user?.id ?? null,
      username: context.user?.username ?? null,
      role: context.user?.role ?? null,
      address: context.address,
      siteId: exception instanceof SiteAccessDeniedException ? cut(exception.siteId) : null,
      caseId: null,
      count: 1,
      details: { channel: context.channel, target: cut(context.target), status: answer.statusCode, message: cut(answer.message) },
    });
  }

  /** Retention: removes up to `limit` rows older than `before`; returns how many. */
  removeOlderThan(before: Date, limit: number): Promise<number> {
    return this.audit.deleteBatchOlderThan(before, limit);
  }

  /** Written in the transaction of the change, before its history row (which the caller writes last). */
  caseChanged(tx: Tx, user: AuthUser, c: CaseView, action: 'created' | 'updated', details: Record<string, unknown>): Promise<void> {
    return this.casesChanged(tx, user, action, [{ c, details }]);
  }

  /** One row per case, written in one statement (a batch of new cases). */
  casesChanged(tx: Tx, user: AuthUser, action: 'created' | 'updated', changes: { c: CaseView; details: Record<string, unknown> }[]): Promise<void> {
    return this.audit.insert(
      tx.manager,
      changes.map(({ c, details }) => ({
        kind: action === 'created' ? 'case_created' : 'case_updated',
        actorId: user.id,
        username: user.username,
        role: user.role,
        address: null,
        siteId: c.siteId,
        caseId: c.id,
        count: 1,
        details,
      })),
    );
  }

  /** Recorded before the file is sent: no export leaves without its row. */
  exported(user: AuthUser, address: string, year: number, format: ExportFormat, query: SeasonExportQuery): Promise<void> {
    return this.audit.insert(null, [
      {
        kind: 'export',
        actorId: user.id,
        username: user.username,
        role: user.role,
        address,
        siteId: query.siteId ?? null,
        caseId: null,
        count: 1,
        details: { year, format, lang: query.lang, from: query.from ?? null, to: query.to ?? null },
      },
    ]);
  }

  /**
   * A stored import of past figures, in its transaction (dry runs and refused imports store nothing and
   * are not recorded); `user` null is the demo's preload.
   */
  imported(tx: Tx, user: AuthUser | null, address: string | null, details: { edition: number; source: string; rows: number; accepted: number; replaced: number }): Promise<void> {
    const row = user ? { ...this.byUser(user, 'import', details), address } : { kind: 'import' as const, actorId: null, username: 'demo', role: null, address: null, siteId: null, caseId: null, count: 1, details };
    return this.audit.insert(tx.manager, [row]);
  }

  private byUser(user: AuthUser, kind: AuditRow['kind'], details: Record<string, unknown>): AuditRow {
    return { kind, actorId: user.id, username: user.username, role: user.role, address: null, siteId: null, caseId: null, count: 1, details };
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows: AuditEntry[] = await this.audit.list({
      kind: query.kind ?? null,
      username: query.actor ?? null,
      siteId: query.siteId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      beforeId: query.cursor ?? null,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** Writes what the buffer holds now (a flush in progress is waited for first). */
  async flush(): Promise<void> {
    await this.flusher.tick();
    if (!this.buffer.empty) await this.flusher.tick();
  }

  private async writeBuffered(): Promise<void> {
    const rows = this.buffer.drain(new Date());
    if (rows.length === 0) return;
    const overflow = rows.filter((row) => row.details.overflow === true).reduce((sum, row) => sum + row.count, 0);
    if (overflow > 0) this.logger.warn(`audit buffer full: ${overflow} refusals recorded by count only`);
    try {
      await this.audit.insert(null, rows);
    } catch (error) {
      // Kept for the next flush while the database is away; a batch refused for any other reason is
      // only counted, so that one bad row cannot block the log.
      if (isDatabaseUnavailable(error)) this.buffer.restore(rows);
      else rows.forEach((row) => this.buffer.count(row.kind, row.count));
      throw error;
    }
  }
}
