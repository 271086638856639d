import { Logger } from '@nestjs/common';
import { toApiError } from '../common/api-error.js';

/** Gives `count` more numbers to each site in one statement; answers the last number taken per site. */
export type TakeSequences = (counts: Map<string, number>) => Promise<Map<string, number>>;
/** Sends one event; `seq` answers the event's number for each of its sites. */
export type Emission = (seq: (siteId: string) => number) => void;

/** Emissions taken in one statement at most: a burst beyond it takes a few round trips, not one huge one. */
const BATCH = 1_000;

/**
 * Queues live emissions and sends them in order, each with its sites' next sequence numbers (shared by
 * all instances, in PostgreSQL). Whatever queued up while numbers were being taken takes its own in one
 * statement, so a burst costs one round trip, not one per event.
 */
export class LiveSequencer {
  private readonly logger = new Logger(LiveSequencer.name);
  private readonly pending: { siteIds: string[]; emit: Emission; resolve: (sent: boolean) => void }[] = [];
  private draining = false;

  constructor(private readonly take: TakeSequences) {}

  /**
   * Resolves true once sent; false if numbers could not be taken: the event is dropped and clients catch
   * up with a snapshot, which they ask for on any gap.
   */
  emitInOrder(siteIds: string[], emit: Emission): Promise<boolean> {
    return new Promise((resolve) => {
      this.pending.push({ siteIds, emit, resolve });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, BATCH);
        const counts = new Map<string, number>();
        for (const item of batch) for (const id of new Set(item.siteIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
        let last: Map<string, number>;
        try {
          last = await this.take(counts);
        } catch (error) {
          this.logger.warn(`live events dropped: ${toApiError(error).message}`);
          batch.forEach((item) => item.resolve(false));
          continue;
        }
        // Hand out each site's numbers in queue order: the first queued gets the lowest.
        const next = new Map([...counts].map(([id, n]) => [id, (last.get(id) ?? n) - n + 1]));
        for (const item of batch) {
          const mine = new Map([...new Set(item.siteIds)].map((id) => [id, next.get(id) ?? 0]));
          mine.forEach((_, id) => next.set(id, (next.get(id) ?? 0) + 1));
          item.emit((siteId) => mine.get(siteId) ?? 0);
          item.resolve(true);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
