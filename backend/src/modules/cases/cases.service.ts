import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  canEditCase,
  canTransition,
  isOpenCase,
  OPEN_CASE_STATUSES,
  isEscalation,
  operationDay,
  type AuthUser,
  type CaseBatch,
  type CaseBatchResult,
  type CaseCategory,
  type CaseChangeBatch,
  type CaseChangeBatchResult,
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

/** A change checked against the case as the changes before it in its transaction left it. */
interface AppliedChange {
  before: CaseView;
  patch: CasePatch;
  status: CaseStatus;
  assignee: string | null;
  escalation: boolean;
  resolution: boolean;
  /** The case after this change, once written. */
  after: CaseView | null;
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
    const [{ duplicate, ...created }] = (await this.createAll(user, [input], (_index, field) => field)).cases;
    return { case: created, duplicate };
  }

  /** Stores a batch atomically: every case is valid and new or a true duplicate, or nothing is stored. */
  createBatch(user: AuthUser, batch: CaseBatch): Promise<CaseBatchResult> {
    return this.createAll(user, batch.cases, (index, field) => `cases.${index}.${field}`);
  }

  /** New cases in one transaction, each answered in the order given; `path` names a field of an item in errors. */
  private async createAll(user: AuthUser, inputs: CaseCreate[], path: (index: number, field: string) => string): Promise<CaseBatchResult> {
    inputs.forEach((input) => assertSiteAccess(user, input.siteId));
    const days = inputs.map((input) => operationDay(new Date(input.openedAt)));
    return this.transactions.run(async (tx) => {
      const kinds = await this.sites.activeKinds(tx, [...new Set(inputs.map((input) => input.siteId))]);
      inputs.forEach((input, index) => {
        if (kinds.has(input.siteId)) return;
        const at = path(index, 'siteId');
        throw new BadRequestException({ message: `${at}: unknown or inactive site`, details: [{ path: at, message: 'unknown or inactive site' }] });
      });
      await this.history.assertNotImported(tx, [...new Map(inputs.map((input, i) => [`${days[i]}|${input.siteId}`, { day: days[i]!, siteId: input.siteId }])).values()]);
      // With their history entries and their counts in the rollup: the shared rows then stay locked for the audit rows too (one round trip fewer).
      const created = new Map((await this.cases.insertBatchIgnoringDuplicates(tx.manager, inputs, user.id, days)).map((c) => [c.id, c]));
      const resent = inputs.filter((input) => !created.has(input.id));
      const stored = new Map(resent.length > 0 ? (await this.cases.findByIds(tx.manager, resent.map((input) => input.id))).map((c) => [c.id, c]) : []);
      for (const { id, ...incoming } of resent) {
        assertSameContent(`case ${id}`, { ...stored.get(id) }, { ...incoming, subcategory: incoming.subcategory ?? null });
      }
      const fresh = inputs.filter((input) => created.has(input.id));
      for (const input of fresh) await this.alerts.evaluateCase(tx, created.get(input.id)!);
      // The audit rows say which free-text fields were given, never their content.
      if (fresh.length > 0) {
        await this.audit.casesChanged(
          tx,
          user,
          'created',
          fresh.map((input) => {
            const c = created.get(input.id)!;
            const given = (['beneficiary', 'summary'] as const).filter((field) => input[field] !== undefined);
            return { c, details: { category: c.category, subcategory: c.subcategory, priority: c.priority, status: c.status, openedAt: c.openedAt, given } };
          }),
        );
      }
      for (const input of fresh) tx.publish({ name: 'case.changed', payload: created.get(input.id)! });
      return {
        accepted: fresh.length,
        duplicates: resent.length,
        cases: inputs.map((input) => (created.has(input.id) ? { ...created.get(input.id)!, duplicate: false } : { ...stored.get(input.id)!, duplicate: true })),
      };
    });
  }

  /** Applies a change under optimistic concurrency: the client sends the version it saw; a stale one is a 409. */
  async update(user: AuthUser, id: string, patch: CasePatch): Promise<CaseView> {
    const [updated] = (await this.updateAll(user, [{ caseId: id, patch }], (_index, field) => field)).cases;
    return updated!;
  }

  /** Applies changes in order, atomically: each as `update` would, or none. */
  updateBatch(user: AuthUser, batch: CaseChangeBatch): Promise<CaseChangeBatchResult> {
    return this.updateAll(user, batch.changes, (index, field) => `changes.${index}.${field === 'caseId' ? field : `patch.${field}`}`);
  }

  /**
   * Changes in one transaction: the cases are locked once, each change is checked against the state the
   * changes before it left (a batch may move one case twice), then every case, history entry, audit row
   * and rollup count is written in one statement each. Answers each case as it stood after its change.
   */
  private async updateAll(user: AuthUser, changes: { caseId: string; patch: CasePatch }[], path: (index: number, field: string) => string): Promise<CaseChangeBatchResult> {
    return this.transactions.run(async (tx) => {
      const state = new Map((await this.cases.lockByIds(tx.manager, [...new Set(changes.map((c) => c.caseId))])).map((c) => [c.id, c]));
      const changeIds = changes.flatMap((c) => (c.patch.changeId ? [c.patch.changeId] : []));
      const applied = new Map(changeIds.length > 0 ? (await this.cases.findChanges(tx.manager, changeIds)).map((c) => [c.changeId, c.caseId]) : []);
      const answers: (CaseView | { change: AppliedChange })[] = [];
      const done: AppliedChange[] = [];
      changes.forEach(({ caseId, patch }, index) => {
        const current = state.get(caseId);
        if (!current) throw new NotFoundException(`unknown case ${caseId}`);
        assertSiteAccess(user, current.siteId);
        if (patch.changeId && applied.has(patch.changeId)) {
          // A retry of a change already applied: answered with the case as it stands.
          if (applied.get(patch.changeId) === caseId) return void answers.push(current);
          throw new ConflictException(refusal('already_recorded', `change ${patch.changeId} was already applied to another case`));
        }
        if (!canEditCase(user.role, current.status)) throw new ForbiddenException(`a ${user.role} may not change a ${current.status} case`);
        if (patch.version !== current.version) throw new ConflictException(refusal('stale_version', `stale version ${patch.version}: the case is at version ${current.version}`));
        const status = patch.status ?? current.status;
        if (status !== current.status && !canTransition(current.status, status)) {
          const at = path(index, 'status');
          throw new BadRequestException(refusal('invalid_transition', `${at}: cannot go from ${current.status} to ${status}`, [{ path: at, message: `cannot go from ${current.status} to ${status}` }]));
        }
        const assignee = patch.assignee === undefined ? current.assignee : patch.assignee;
        // A case reaches the Central Coordination Office at most once: escalated only leads to resolved.
        const change: AppliedChange = { before: current, patch, status, assignee, escalation: isEscalation(current.status, status), resolution: status === 'resolved' && current.status !== 'resolved', after: null };
        state.set(caseId, { ...current, status, assignee, version: current.version + 1 });
        if (patch.changeId) applied.set(patch.changeId, caseId);
        done.push(change);
        answers.push({ change });
      });
      if (done.length > 0) await this.write(tx, user, done);
      return {
        applied: done.length,
        duplicates: changes.length - done.length,
        cases: answers.map((a) => ('change' in a ? a.change.after! : a)),
      };
    });
  }

  /** Writes applied changes, in order; fills in each change's `after` (the case as it stood after it). */
  private async write(tx: Tx, user: AuthUser, done: AppliedChange[]): Promise<void> {
    const last = new Map(done.map((c) => [c.before.id, c]));
    const written = await this.cases.updateAll(
      tx.manager,
      [...last.values()].map((c) => ({
        id: c.before.id,
        status: c.status,
        assignee: c.assignee,
        version: c.before.version + 1,
        escalated: done.some((d) => d.before.id === c.before.id && d.escalation),
        resolved: done.some((d) => d.before.id === c.before.id && d.resolution),
      })),
    );
    // A case's last change leaves it as written; an earlier one of the same transaction happened at the same time (now()).
    const rows = new Map(written.map((r) => [r.id, r]));
    const previous = new Map<string, CaseView>();
    for (const c of done) {
      const from = previous.get(c.before.id) ?? c.before;
      const at = rows.get(c.before.id)!.updatedAt;
      c.after =
        last.get(c.before.id) === c
          ? rows.get(c.before.id)!
          : { ...from, status: c.status, assignee: c.assignee, version: c.before.version + 1, updatedAt: at, escalatedAt: c.escalation ? at : from.escalatedAt, resolvedAt: c.resolution ? at : from.resolvedAt };
      previous.set(c.before.id, c.after);
      await this.alerts.evaluateCase(tx, c.after);
    }
    await this.audit.casesChanged(
      tx,
      user,
      'updated',
      done.map(({ before, after, patch, status, assignee }) => ({
        c: after!,
        details: {
          version: { from: before.version, to: after!.version },
          ...(status !== before.status ? { status: { from: before.status, to: status } } : {}),
          ...(patch.assignee !== undefined ? { assignee: { from: before.assignee, to: assignee } } : {}),
          ...(patch.note !== undefined ? { given: ['note'] } : {}),
        },
      })),
    );
    await this.cases.insertEvents(
      tx.manager,
      done.map(({ before, patch, status, assignee, escalation }) => ({
        caseId: before.id,
        changeId: patch.changeId ?? null,
        actorId: user.id,
        action: 'updated' as const,
        statusFrom: status !== before.status ? before.status : null,
        statusTo: status !== before.status ? status : null,
        assignee: patch.assignee === undefined ? null : assignee,
        note: patch.note ?? null,
        escalated: escalation ? { siteId: before.siteId, day: operationDay(new Date(before.openedAt)), category: before.category } : null,
      })),
    );
    for (const c of done) tx.publish({ name: 'case.changed', payload: c.after! });
  }

  async get(user: AuthUser, id: string): Promise<CaseView & { history: CaseHistoryEntry[] }> {
    const found = await this.cases.findById(id);
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
