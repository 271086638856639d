import type { AuditKind } from '@marhaba/shared';
import type { AuditRow } from './audit.repository.js';

/**
 * Rows that an attacker can multiply (refused access, failed sign-ins), waiting for the next flush.
 * Identical rows merge into one with a count; beyond `capacity` distinct rows, further ones are only
 * counted, per kind, and written as one overflow row each: the buffer's memory and the rows written per
 * flush stay bounded whatever arrives, and the counts stay exact.
 */
export class AuditBuffer {
  private readonly rows = new Map<string, AuditRow>();
  private readonly overflow = new Map<AuditKind, number>();

  constructor(private readonly capacity: number) {}

  /** Distinct rows held (overflow counts aside). */
  get size(): number {
    return this.rows.size;
  }

  get empty(): boolean {
    return this.rows.size === 0 && this.overflow.size === 0;
  }

  add(row: AuditRow): void {
    const key = JSON.stringify([row.kind, row.actorId, row.username, row.role, row.address, row.siteId, row.caseId, row.details]);
    const same = this.rows.get(key);
    if (same) same.count += row.count;
    else if (this.rows.size < this.capacity) this.rows.set(key, { ...row });
    else this.count(row.kind, row.count);
  }

  /** Counts occurrences whose details will not be written. */
  count(kind: AuditKind, n: number): void {
    this.overflow.set(kind, (this.overflow.get(kind) ?? 0) + n);
  }

  /** Takes back rows that a failed write did not store. */
  restore(rows: AuditRow[]): void {
    for (const row of rows) {
      if (row.details.overflow === true) this.count(row.kind, row.count);
      else this.add(row);
    }
  }

  /** Everything held, overflow counts as rows of their own; leaves the buffer empty. */
  drain(now: Date): AuditRow[] {
    const rows = [...this.rows.values()];
    for (const [kind, count] of this.overflow) {
      rows.push({ at: now, kind, actorId: null, username: null, role: null, address: null, siteId: null, caseId: null, count, details: { overflow: true } });
    }
    this.rows.clear();
    this.overflow.clear();
    return rows;
  }
}
