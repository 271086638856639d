import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  canEditCase,
  canTransition,
  isOpenCase,
  OPEN_CASE_STATUSES,
  isEscalation,
  operationDay,
  type AuthUser,
  type CaseCategory,
  type CaseCreate,
  type CaseHistoryEntry,
  type CaseListQuery,
  type CasePatch,
  type CaseStatus,
  type CaseView,
} from '@marhaba/shared';
import { refusal } from '../../common/api-error.js';
import { assertSameContent } from '../../common/idempotency.js';
import { assertSiteAccess, visibleSiteIds } from '../../common/site-scope.js';
import { Transactions, type Tx } from '../../database/transactions.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { HistoryService } from '../history/history.service.js';
import { SitesService } from '../sites/sites.service.js';
import { CaseCursor, CasesRepository } from './cases.repository.js';

export function encodeCursor(cursor: CaseCursor): string {
  return Buffer.from(`${cursor.openedAtMicros}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string): CaseCursor {
  const [openedAtMicros, id] = Buffer.from(text, 'base64url').toString().split('|');
  // Micro-seconds since 1970 fit 16 digits until the year 2286; the id must be a UUID PostgreSQL can read.
  if (!/^\d{1,16}$/.test(openedAtMicros ?? '') || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id ?? '')) {
    throw new BadRequestException({ message: 'cursor: not a cursor from this list', details: [{ path: 'cursor', message: 'not a cursor from this list' }] });
  }
  return { openedAtMicros, id };
}

const isDay = (value: string | undefined) => value !== undefined && value.length === 10;

/** The statuses a list asks for: `status` and `open=true` narrow each other (an empty list matches nothing). */
function statusFilter(q: CaseListQuery): readonly CaseStatus[] | undefined {
  const named = q.status ? [q.status] : undefined;
  if (q.open !== 'true') return named;
  return named ? named.filter(isOpenCase) : OPEN_CASE_STATUSES;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly sites: SitesService,
    private readonly alerts: AlertsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly history: HistoryService,
  ) {}

  async create(user: AuthUser, input: CaseCreate): Promise<{ case: CaseView; duplicate: boolean }> {
    assertSiteAccess(user, input.siteId);
    return this.transactions.run(async (tx) => {
      const kinds = await this.sites.activeKinds(tx, [input.siteId]);
      if (!kinds.has(input.siteId)) {
        throw new BadRequestException({ message: 'siteId: unknown or inactive site', details: [{ path: 'siteId', message: 'unknown or inactive site' }] });
      }
      const day = operationDay(new Date(input.openedAt));
      await this.history.assertNotImported(tx, [{ day, siteId: input.siteId }]);
      // With its history entry and its count in the rollup: its shared row then stays locked for the audit row too (one round trip fewer).
      const created = await this.cases.insertIgnoringDuplicate(tx.manager, input, user.id, day);
      if (!created) {
        const stored = await this.cases.findById(tx.manager, input.id);
        const { id: _id, ...incoming } = input;
        assertSameContent(`case ${input.id}`, { ...stored }, { ...incoming, subcategory: incoming.subcategory ?? null });
        return { case: stored as CaseView, duplicate: true };
      }
      await this.alerts.evaluateCase(tx, created);
      // The audit row says which free-text fields were given, never their content.
      await this.audit.caseChanged(tx, user, created, 'created', {
        category: created.category,
        subcategory: created.subcategory,
        priority: created.priority,
        status: created.status,
        openedAt: created.openedAt,
        given: (['beneficiary', 'summary'] as const).filter((field) => input[field] !== undefined),
      });
      tx.publish({ name: 'case.changed', payload: created });
      return { case: created, duplicate: false };
    });
  }

  /** Applies a change under optimistic concurrency: the client sends the version it saw; a stale one is a 409. */
  async update(user: AuthUser, id: string, patch: CasePatch): Promise<CaseView> {
    return this.transactions.run(async (tx) => {
      const current = await this.cases.findById(tx.manager, id, true);
      if (!current) throw new NotFoundException(`unknown case ${id}`);
      assertSiteAccess(user, current.siteId);
      if (patch.changeId) {
        const applied = await this.cases.findChange(tx.manager, patch.changeId);
        if (applied?.caseId === id) return current; // a retry of a change already applied
        if (applied) throw new ConflictException(refusal('already_recorded', `change ${patch.changeId} was already applied to another case`));
      }
      if (!canEditCase(user.role, current.status)) throw new ForbiddenException(`a ${user.role} may not change a ${current.status} case`);
      if (patch.version !== current.version) throw new ConflictException(refusal('stale_version', `stale version ${patch.version}: the case is at version ${current.version}`));
      const status = patch.status ?? current.status;
      if (status !== current.status && !canTransition(current.status, status)) {
        throw new BadRequestException(refusal('invalid_transition', `status: cannot go from ${current.status} to ${status}`, [{ path: 'status', message: `cannot go from ${current.status} to ${status}` }]));
      }
      const assignee = patch.assignee === undefined ? current.assignee : patch.assignee;
      // A case reaches the Central Coordination Office at most once: escalated only leads to resolved.
      const escalation = isEscalation(current.status, status);
      const updated = await this.cases.update(tx.manager, id, { status, assignee, escalation });
      await this.alerts.evaluateCase(tx, updated);
      await this.audit.caseChanged(tx, user, updated, 'updated', {
        version: { from: current.version, to: updated.version },
        ...(status !== current.status ? { status: { from: current.status, to: status } } : {}),
        ...(patch.assignee !== undefined ? { assignee: { from: current.assignee, to: assignee } } : {}),
        ...(patch.note !== undefined ? { given: ['note'] } : {}),
      });
      await this.cases.insertEvent(
        tx.manager,
        {
          caseId: id,
          changeId: patch.changeId ?? null,
          actorId: user.id,
          action: 'updated',
          statusFrom: status !== current.status ? current.status : null,
          statusTo: status !== current.status ? status : null,
          assignee: patch.assignee === undefined ? null : assignee,
          note: patch.note ?? null,
        },
        escalation ? { siteId: current.siteId, day: operationDay(new Date(current.openedAt)), category: current.category } : null,
      );
      tx.publish({ name: 'case.changed', payload: updated });
      return updated;
    });
  }

  async get(user: AuthUser, id: string): Promise<CaseView & { history: CaseHistoryEntry[] }> {
    const found = await this.cases.findById(null, id);
    if (!found) throw new NotFoundException(`unknown case ${id}`);
    assertSiteAccess(user, found.siteId);
    return { ...found, history: await this.cases.history(id) };
  }

  /** Cases nobody took since before the cutoff, except `excluding` (already flagged), read in `tx`; 500 at most. */
  findUntakenIn(tx: Tx, window: { openedFrom: Date; openedBefore: Date }, excluding: string[]): Promise<{ id: string; siteId: string; openedAt: Date; category: CaseCategory }[]> {
    return this.cases.findOpenIn(tx.manager, window, excluding, 500);
  }

  /** Open cases per site and category (all sites when null), for the live snapshot. */
  openCountsBySite(siteIds: string[] | null): Promise<{ siteId: string; category: CaseCategory; count: number }[]> {
    return this.cases.openCountsBySite(siteIds);
  }

  /** Retention: clears the personal fields of a batch of old cases (see the repository); returns how many. */
  anonymiseBatch(before: Date, keepEditionsEndingFrom: string, limit: number): Promise<number> {
    return this.cases.anonymiseBatch(before, keepEditionsEndingFrom, limit);
  }

  async list(user: AuthUser, q: CaseListQuery): Promise<{ items: CaseView[]; nextCursor: string | null }> {
    if (q.siteId) assertSiteAccess(user, q.siteId);
    const limit = q.limit ?? 50;
    const rows = await this.cases.list({
      siteIds: q.siteId ? [q.siteId] : visibleSiteIds(user),
      statuses: statusFilter(q),
      category: q.category,
      priority: q.priority,
      fromDay: isDay(q.from) ? q.from : undefined,
      fromInstant: q.from && !isDay(q.from) ? q.from : undefined,
      toDay: isDay(q.to) ? q.to : undefined,
      toInstant: q.to && !isDay(q.to) ? q.to : undefined,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor({ openedAtMicros: last.cursorMicros, id: last.id }) : null;
    return { items: page.map(({ cursorMicros: _c, ...c }) => c), nextCursor };
  }
}
