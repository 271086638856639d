import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { createCase, createCases, patchCase, patchCases } from '../api/cases';
import { postHoldingReport, postMovements } from '../api/traffic';
import { Outbox, type RejectedItem, type UndoOutcome } from '../offline/outbox';
import type { OutboxAction, StoredRecord } from '../offline/outbox-record';
import { OutboxSync, type OutboxTransport, type SyncStatus } from '../offline/outbox-sync';

const transport: OutboxTransport = {
  movements: (movements, signal) => postMovements(movements, signal),
  createCase: (body, signal) => createCase(body, signal),
  createCases: (cases, signal) => createCases(cases, signal),
  changeCase: (caseId, patch, signal) => patchCase(caseId, patch, signal),
  changeCases: (changes, signal) => patchCases(changes, signal),
  holdingReport: (siteId, body, signal) => postHoldingReport(siteId, body, signal),
};

/** Even with no event from the browser, look at the outbox this often (a missed `online`, a sleeping tablet). */
const WAKE_INTERVAL_MS = 30_000;

const outboxName = (userId: string) => `marhaba-outbox-${userId}`;

/**
 * The screen's view of the offline outbox: what waits, what the server refused, when the last sync
 * succeeded and what the sync is doing. One outbox per user, so that a tablet handed over to a colleague
 * never sends one person's items under another's login.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const waiting = shallowRef<StoredRecord[]>([]);
  const rejected = shallowRef<RejectedItem[]>([]);
  const lastSyncAt = ref<string | null>(null);
  const status = ref<SyncStatus>({ state: 'idle', nextAttemptAt: null, lastError: null });
  const ready = ref(false);
  /**
   * Movements the server acknowledged in this session, shown in the totals until figures asked for after
   * the acknowledgement arrive (the queue no longer holds them, the figures on screen may not yet).
   */
  const acknowledged = shallowRef<{ at: number; records: StoredRecord[] }[]>([]);
  let outbox: Outbox | null = null;
  let sync: OutboxSync | null = null;
  const stops: (() => void)[] = [];

  const count = computed(() => waiting.value.length);
  const waitingIds = computed(() => new Set(waiting.value.map((r) => r.id)));
  const rejectedIds = computed(() => new Set(rejected.value.map((r) => r.id)));

  function start(userId: string): void {
    if (outbox?.name === outboxName(userId)) return;
    stop();
    const box = Outbox.open(outboxName(userId));
    outbox = box;
    sync = new OutboxSync(box, transport, {
      online: () => navigator.onLine,
      onStatus: (next) => (status.value = next),
      onAcknowledged: (records) => {
        const movements = records.filter((r) => r.kind === 'movement');
        if (movements.length > 0) acknowledged.value = [...acknowledged.value, { at: Date.now(), records: movements }];
      },
    });
    const current = sync;
    stops.push(
      box.watch((view) => {
        waiting.value = view.waiting;
        rejected.value = view.rejected;
        lastSyncAt.value = view.lastSyncAt;
        ready.value = true;
      }),
    );
    const up = () => current.networkUp();
    const down = () => current.networkDown();
    const wake = () => document.visibilityState === 'visible' && current.poke();
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    document.addEventListener('visibilitychange', wake);
    const timer = setInterval(() => waiting.value.length > 0 && current.poke(), WAKE_INTERVAL_MS);
    stops.push(() => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      document.removeEventListener('visibilitychange', wake);
      clearInterval(timer);
      current.stop();
      box.close();
    });
    // What a closed tab or a reload left behind goes as soon as possible.
    if (navigator.onLine) void current.flush();
    else current.networkDown();
  }

  function stop(): void {
    stops.splice(0).forEach((s) => s());
    outbox = null;
    sync = null;
    ready.value = false;
  }

  function box(): Outbox {
    if (!outbox) throw new Error('the outbox is not open');
    return outbox;
  }

  /** Validates and stores actions (all or none), then lets the sync send them shortly. */
  async function add(...actions: OutboxAction[]): Promise<void> {
    await box().enqueueAll(actions);
    sync?.poke();
  }

  const undo = (id: string): Promise<UndoOutcome> => box().undo(id);
  const dismiss = (id: string): Promise<void> => box().dismiss(id);

  /** A new login: what waited for it can go. */
  function loginRenewed(): void {
    sync?.loginRenewed();
  }

  /** Figures asked for at `asOf` arrived: they include everything acknowledged before that. */
  function settleAcknowledged(asOf: number): void {
    if (acknowledged.value.some((a) => a.at < asOf)) acknowledged.value = acknowledged.value.filter((a) => a.at >= asOf);
  }

  /** Logout: the outbox, acknowledged or not, leaves the device. */
  async function destroy(): Promise<void> {
    const box = outbox;
    stop();
    waiting.value = [];
    rejected.value = [];
    acknowledged.value = [];
    lastSyncAt.value = null;
    if (box) await box.destroy();
  }

  return { waiting, rejected, lastSyncAt, status, ready, acknowledged, count, waitingIds, rejectedIds, start, stop, add, undo, dismiss, loginRenewed, settleAcknowledged, destroy };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot));
