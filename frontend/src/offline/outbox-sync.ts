import { MAX_CASES_PER_BATCH, MAX_MOVEMENTS_PER_BATCH, type CaseBatchResult, type CaseChangeBatchResult, type CasePatch, type CaseCreate, type HoldingReportInput, type MovementInput, type MovementsResult } from '@marhaba/shared';
import { HttpError } from '../api/http';
import { backoffDelay } from '../realtime/backoff';
import type { Outbox } from './outbox';
import type { StoredRecord } from './outbox-record';

/** How the outbox reaches the API; every call throws an `HttpError` (status 0 for the network) on failure. */
export interface OutboxTransport {
  movements(movements: MovementInput[], signal: AbortSignal): Promise<MovementsResult>;
  createCase(body: CaseCreate, signal: AbortSignal): Promise<unknown>;
  createCases(cases: CaseCreate[], signal: AbortSignal): Promise<CaseBatchResult>;
  changeCase(caseId: string, patch: CasePatch, signal: AbortSignal): Promise<unknown>;
  changeCases(changes: { caseId: string; patch: CasePatch }[], signal: AbortSignal): Promise<CaseChangeBatchResult>;
  holdingReport(siteId: string, body: HoldingReportInput, signal: AbortSignal): Promise<unknown>;
}

/**
 * idle: nothing to do; scheduled: a send is due shortly (taps are grouped, and can still be undone);
 * sending; retrying: the last attempt failed and the next one waits (backoff); offline: the device has
 * no network; login: the server no longer accepts the token, so nothing is sent until the user signs in.
 */
export type SyncState = 'idle' | 'scheduled' | 'sending' | 'retrying' | 'offline' | 'login';

export interface SyncStatus {
  state: SyncState;
  /** When the next attempt is due (epoch ms), while retrying or scheduled. */
  nextAttemptAt: number | null;
  /** Why the last attempt failed, while retrying. */
  lastError: string | null;
}

/** What to do after a failed send. */
export type FailureAction = 'login' | 'reject' | 'retry';

/**
 * A 401 means the login expired: keep everything and ask for a new one. Other 4xx answers are final for
 * that item (invalid, forbidden, unknown, conflicting, too large): it is shown to the user, never resent.
 * Timeouts, rate limits, server errors and network failures are retried.
 */
export function failureAction(error: unknown): FailureAction {
  if (!(error instanceof HttpError)) return 'retry';
  if (error.status === 401) return 'login';
  if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) return 'reject';
  return 'retry';
}

/** The item of a batch that a 400 names (`movements.<index>.<field>`, `cases.…`, `changes.<index>.patch.<field>`), with the reason. */
export function rejectedBatchItem(error: HttpError): { index: number; message: string } | null {
  for (const detail of error.body.details ?? []) {
    const match = /^(?:movements|cases|changes)\.(\d+)\.(?:patch\.)?(.+)$/.exec(detail.path);
    if (match) return { index: Number(match[1]), message: `${match[2]}: ${detail.message}` };
  }
  return null;
}

export interface SyncOptions {
  /** Whether the device reports a network (navigator.onLine); without one, nothing is attempted. */
  online?: () => boolean;
  /** Delay between an action and its sending: taps made meanwhile go in the same request and can be undone. */
  sendDelayMs?: number;
  /** A request taking longer than this is abandoned and retried. */
  requestTimeoutMs?: number;
  random?: () => number;
  now?: () => number;
  onStatus?: (status: SyncStatus) => void;
  /** Records the server has just acknowledged (new or duplicate). */
  onAcknowledged?: (records: StoredRecord[]) => void;
}

/** Records of these kinds go in batches, at most this many a request; the others one by one. */
const BATCH_SIZES: Partial<Record<StoredRecord['kind'], number>> = { movement: MAX_MOVEMENTS_PER_BATCH, case: MAX_CASES_PER_BATCH, 'case-change': MAX_CASES_PER_BATCH };
const LARGEST_BATCH = Math.max(MAX_MOVEMENTS_PER_BATCH, MAX_CASES_PER_BATCH);

/**
 * Sends the outbox in queue order: runs of movements as one batch (≤ 1,000), runs of new cases and runs
 * of case changes as one batch each (≤ 500; a lone one by the single route, as an online tablet sends
 * it), holding reports one by one.
 * A record leaves the outbox only when the server acknowledged it (a duplicate counts: it is already
 * stored) or refused it for good. Failures worth retrying wait with exponential backoff and jitter and
 * keep the order: nothing behind a failing record is sent before it.
 */
export class OutboxSync {
  status: SyncStatus = { state: 'idle', nextAttemptAt: null, lastError: null };
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly options: Required<Omit<SyncOptions, 'onStatus' | 'onAcknowledged'>> & Pick<SyncOptions, 'onStatus' | 'onAcknowledged'>;

  constructor(
    private readonly outbox: Outbox,
    private readonly transport: OutboxTransport,
    options: SyncOptions = {},
  ) {
    this.options = { online: () => true, sendDelayMs: 2_000, requestTimeoutMs: 20_000, random: Math.random, now: Date.now, ...options };
  }

  private setStatus(state: SyncState, nextAttemptAt: number | null = null, lastError: string | null = null): void {
    this.status = { state, nextAttemptAt, lastError };
    this.options.onStatus?.(this.status);
  }

  private schedule(delayMs: number, state: 'scheduled' | 'retrying', lastError: string | null = null): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    this.setStatus(state, this.options.now() + delayMs, lastError);
  }

  /** Something was queued: send it after the grouping delay, unless a send or a retry is already planned. */
  poke(): void {
    if (this.stopped || this.status.state === 'login' || this.timer !== undefined) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (!this.options.online()) return this.setStatus('offline');
    this.schedule(this.options.sendDelayMs, 'scheduled');
  }

  /** The network is back: try at once, with a fresh backoff. */
  networkUp(): void {
    if (this.stopped || this.status.state === 'login') return;
    this.attempt = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.flush();
  }

  networkDown(): void {
    if (this.stopped || this.status.state === 'login') return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) this.setStatus('offline');
  }

  /** The user signed in again: what waited can go. */
  loginRenewed(): void {
    if (this.stopped) return;
    this.setStatus('idle');
    this.networkUp();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Sends everything that waits, in order, until the queue is empty or a failure stops it. One run at a time. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        if (this.status.state === 'idle') this.poke();
      }
    });
    return this.running;
  }

  private async run(): Promise<void> {
    let cap = LARGEST_BATCH;
    while (!this.stopped) {
      if (this.status.state === 'login') return;
      if (!this.options.online()) return this.setStatus('offline');
      const head = await this.outbox.take(cap);
      const group = head.slice(0, leadingRun(head));
      this.outbox.release(head.slice(group.length));
      if (group.length === 0) return this.setStatus('idle');
      this.setStatus('sending');
      try {
        await this.send(group);
        this.attempt = 0;
        await this.outbox.acknowledge(group);
        this.options.onAcknowledged?.(group);
        continue;
      } catch (error) {
        const action = failureAction(error);
        if (action === 'login') return this.setStatus('login');
        if (action === 'retry') {
          const message = error instanceof Error ? error.message : String(error);
          await this.outbox.recordFailure(group, message);
          this.schedule(backoffDelay(this.attempt++, this.options.random), 'retrying', message);
          return;
        }
        cap = await this.rejectFrom(group, error as HttpError, cap);
      } finally {
        this.outbox.release(group);
      }
    }
  }

  /** Moves the refused record aside; for a batch that does not say which item, narrows the batches until one does. */
  private async rejectFrom(group: StoredRecord[], error: HttpError, cap: number): Promise<number> {
    if (group.length === 1) {
      await this.outbox.reject(group[0], error.status, error.body.code, error.message);
      return LARGEST_BATCH;
    }
    const named = error.status === 400 ? rejectedBatchItem(error) : null;
    if (named && group[named.index]) {
      await this.outbox.reject(group[named.index], error.status, error.body.code, named.message);
      return cap;
    }
    // Too large: halve the batch. Refused without naming an item: send one by one to find it.
    return error.status === 413 ? Math.ceil(group.length / 2) : 1;
  }

  private async send(group: StoredRecord[]): Promise<void> {
    const signal = AbortSignal.timeout(this.options.requestTimeoutMs);
    const [first] = group;
    switch (first.kind) {
      case 'movement':
        await this.transport.movements(group.map((r) => r.body as MovementInput), signal);
        return;
      case 'case':
        if (group.length === 1) await this.transport.createCase(first.body, signal);
        else await this.transport.createCases(group.map((r) => r.body as CaseCreate), signal);
        return;
      case 'case-change':
        if (group.length === 1) await this.transport.changeCase(first.caseId, first.body, signal);
        else await this.transport.changeCases(group.flatMap((r) => (r.kind === 'case-change' ? [{ caseId: r.caseId, patch: r.body }] : [])), signal);
        return;
      case 'holding-report':
        await this.transport.holdingReport(first.siteId, first.body, signal);
        return;
    }
  }
}

/** How many records from the head go in one request: the run of the head's kind, if that kind goes in batches. */
function leadingRun(records: StoredRecord[]): number {
  const kind = records[0]?.kind;
  const max = kind === undefined ? 0 : (BATCH_SIZES[kind] ?? 1);
  const other = records.findIndex((r) => r.kind !== kind);
  return Math.min(max, other === -1 ? records.length : other);
}
