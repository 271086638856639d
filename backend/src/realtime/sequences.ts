import { Injectable } from '@nestjs/common';

/**
 * Sequence numbers of the live stream, one counter per site. Each event a site emits takes the
 * next number; a client that sees a gap asks for a new snapshot. In-process for one instance.
 */
@Injectable()
export class Sequences {
  private readonly counters = new Map<string, number>();

  next(siteId: string): number {
    const value = (this.counters.get(siteId) ?? 0) + 1;
    this.counters.set(siteId, value);
    return value;
  }

  current(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }
}
