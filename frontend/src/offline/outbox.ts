import { Dexie, liveQuery, type DexieOptions, type Table } from 'dexie';
import type { ApiErrorCode } from '@marhaba/shared';
import { readRecord, RecordError, toRecord, type OutboxAction, type OutboxRecord, type StoredRecord } from './outbox-record';

/** An item the server refused for good (or that this app can no longer read): kept until the user dismisses it. */
export interface RejectedItem {
  id: string;
  kind: string;
  siteId: string | null;
  /** The record as it was queued, so the user can see what was refused. */
  record: Record<string, unknown>;
  /** HTTP status of the refusal; 0 when the record itself could not be read. */
  status: number;
  /** Why, for the screen to word; absent on items refused by versions of the app before codes. */
  code?: ApiErrorCode;
  message: string;
  rejectedAt: string;
}

type Row = Record<string, unknown> & { seq?: number; id: string };

class OutboxDb extends Dexie {
  items!: Table<Row, number>;
  rejected!: Table<RejectedItem, string>;
  meta!: Table<{ key: string; value: string }, string>;

  constructor(name: string, options: DexieOptions) {
    super(name, options);
    // `seq` orders the queue; `id` (the action's UUID) is unique, so the same action is never queued twice.
    this.version(1).stores({ items: '++seq, &id', rejected: '&id, rejectedAt', meta: '&key' });
  }
}

/** What the screen shows of the outbox. */
export interface OutboxView {
  waiting: StoredRecord[];
  rejected: RejectedItem[];
  lastSyncAt: string | null;
}

export type UndoOutcome = 'removed' | 'sending' | 'sent';

/**
 * The tablet's queue of actions in IndexedDB (through Dexie). An action is validated and written here
 * before anything is sent; it leaves only when the server acknowledged it or refused it for good (then it
 * moves to the rejected list). Operations that read and change the queue run one at a time, so that an
 * undo never removes an item that the sync has just picked up.
 */
export class Outbox {
  private readonly sending = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: OutboxDb,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens the outbox of one user. `options` may supply another IndexedDB implementation (tests).
   * Writes are strict: Chromium flushes them to disk before it reports them done.
   */
  static open(name: string, options: DexieOptions = {}, now: () => Date = () => new Date()): Outbox {
    return new Outbox(new OutboxDb(name, { chromeTransactionDurability: 'strict', ...options }), now);
  }

  get name(): string {
    return this.db.name;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Validates an action against the contract and stores it; throws (storing nothing) when it is invalid. */
  async enqueue(action: OutboxAction): Promise<OutboxRecord> {
    const record = toRecord(action, this.now());
    return this.exclusive(async () => {
      await this.db.items.add({ ...record });
      return record;
    });
  }

  /** Several actions at once, all or none (a case and its immediate resolution). */
  async enqueueAll(actions: OutboxAction[]): Promise<OutboxRecord[]> {
    const records = actions.map((a) => toRecord(a, this.now()));
    return this.exclusive(() => this.db.transaction('rw', this.db.items, async () => {
      await this.db.items.bulkAdd(records.map((r) => ({ ...r })));
      return records;
    }));
  }

  /** Takes back an action that has not left the tablet; one being sent or already sent stays. */
  undo(id: string): Promise<UndoOutcome> {
    return this.exclusive(async () => {
      if (this.sending.has(id)) return 'sending';
      const removed = await this.db.items.where('id').equals(id).delete();
      return removed > 0 ? 'removed' : 'sent';
    });
  }

  /**
   * The next records in queue order, marked as being sent until `release`. Records this app cannot read
   * (corrupted, or written by a newer version) move to the rejected list instead of blocking the queue.
   */
  take(limit: number): Promise<StoredRecord[]> {
    return this.exclusive(async () => {
      const rows = await this.db.items.orderBy('seq').limit(limit).toArray();
      const records: StoredRecord[] = [];
      for (const row of rows) {
        try {
          records.push(readRecord(row));
        } catch (error) {
          if (!(error instanceof RecordError)) throw error;
          await this.db.transaction('rw', this.db.items, this.db.rejected, () => this.moveToRejected(row, 0, 'invalid_input', error.message));
        }
      }
      records.forEach((r) => this.sending.add(r.id));
      return records;
    });
  }

  release(records: readonly { id: string }[]): void {
    records.forEach((r) => this.sending.delete(r.id));
  }

  /** The server has these (new or duplicates): forget them, and note when a sync last succeeded. */
  acknowledge(records: readonly StoredRecord[]): Promise<void> {
    return this.exclusive(() =>
      this.db.transaction('rw', this.db.items, this.db.meta, async () => {
        await this.db.items.bulkDelete(records.map((r) => r.seq));
        await this.db.meta.put({ key: 'lastSyncAt', value: this.now().toISOString() });
      }),
    );
  }

  /** The server refused this record for good: out of the queue, into the list the user sees. */
  reject(record: StoredRecord, status: number, code: ApiErrorCode, message: string): Promise<void> {
    return this.exclusive(() => this.db.transaction('rw', this.db.items, this.db.rejected, () => this.moveToRejected(record, status, code, message)));
  }

  private async moveToRejected(row: Row, status: number, code: ApiErrorCode, message: string): Promise<void> {
    const { seq, ...record } = row;
    await this.db.items.delete(seq as number);
    await this.db.rejected.put({
      id: row.id,
      kind: typeof row.kind === 'string' ? row.kind : 'unknown',
      siteId: typeof row.siteId === 'string' ? row.siteId : null,
      record,
      status,
      code,
      message: message.slice(0, 500),
      rejectedAt: this.now().toISOString(),
    });
  }

  /** A sending attempt failed for a reason worth retrying: count it on each record. */
  recordFailure(records: readonly StoredRecord[], message: string): Promise<void> {
    return this.exclusive(() =>
      this.db.transaction('rw', this.db.items, async () => {
        for (const r of records) await this.db.items.update(r.seq, { attempts: r.attempts + 1, lastError: message.slice(0, 500) });
      }),
    );
  }

  /** The user has read a refusal. */
  dismiss(id: string): Promise<void> {
    return this.exclusive(() => this.db.rejected.delete(id));
  }

  /** Everything waiting, in queue order (records that cannot be read are left to `take`). */
  async waiting(): Promise<StoredRecord[]> {
    const rows = await this.db.items.orderBy('seq').toArray();
    return rows.flatMap((row) => {
      try {
        return [readRecord(row)];
      } catch {
        return [];
      }
    });
  }

  count(): Promise<number> {
    return this.db.items.count();
  }

  rejected(): Promise<RejectedItem[]> {
    return this.db.rejected.orderBy('rejectedAt').toArray();
  }

  async lastSyncAt(): Promise<string | null> {
    return (await this.db.meta.get('lastSyncAt'))?.value ?? null;
  }

  /** Calls `listener` with the outbox now and after every change to it, from this tab or another; returns the stop. */
  watch(listener: (view: OutboxView) => void, onError: (error: unknown) => void = () => {}): () => void {
    const query = liveQuery(async (): Promise<OutboxView> => ({ waiting: await this.waiting(), rejected: await this.rejected(), lastSyncAt: await this.lastSyncAt() }));
    const subscription = query.subscribe({ next: listener, error: onError });
    return () => subscription.unsubscribe();
  }

  close(): void {
    this.db.close();
  }

  /** Removes the whole store from the device (logout). */
  destroy(): Promise<void> {
    return this.exclusive(() => this.db.delete());
  }
}
