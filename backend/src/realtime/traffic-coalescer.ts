import { Logger } from '@nestjs/common';
import { toApiError } from '../common/api-error.js';

/** Sends the traffic of these sites; answers false when it could not (they are retried at the next window). */
export type FlushTraffic = (siteIds: string[]) => Promise<boolean>;

/**
 * Throttles traffic deltas to one flush per window (LIVE_COALESCE_MS): a change after a quiet spell goes
 * out at once, changes during a busy one wait for the end of the current window and go out together.
 */
export class TrafficCoalescer {
  private readonly logger = new Logger(TrafficCoalescer.name);
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    private readonly flush: FlushTraffic,
    private readonly now: () => number = Date.now,
  ) {}

  markDirty(siteIds: string[]): void {
    siteIds.forEach((id) => this.dirty.add(id));
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlushAt + this.windowMs - this.now());
    this.timer = setTimeout(() => void this.flushDirty(), wait);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async flushDirty(): Promise<void> {
    const siteIds = [...this.dirty];
    this.dirty.clear();
    this.lastFlushAt = this.now();
    try {
      if (!(await this.flush(siteIds))) siteIds.forEach((id) => this.dirty.add(id));
    } catch (error) {
      this.logger.warn(`traffic delta failed, retrying: ${toApiError(error).message}`);
      siteIds.forEach((id) => this.dirty.add(id));
    } finally {
      this.timer = null;
      if (this.dirty.size > 0) this.markDirty([]);
    }
  }
}
