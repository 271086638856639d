import { operationDay, operationDayStart, type Edition } from '@marhaba/shared';

/** A critical medical case calls the coordinators at once, whatever else happens at the site. */
export function isCriticalMedical(c: { category: string; priority: string }): boolean {
  return c.category === 'medical' && c.priority === 'critical';
}

/**
 * How far back the unattended rule looks. A case crosses the cutoff minutes after it is opened and the
 * sweep runs every ALERT_SWEEP_MS, so a day covers a long stop of the sweep; cases open for longer are a
 * backlog (a replayed season, an old import), not cases someone is waiting on now.
 */
export const UNATTENDED_WATCH_HOURS = 24;

/**
 * Still-open cases opened in [openedFrom, openedBefore) are unattended: recent ones, and during an
 * edition only those of that edition (none from before its start).
 */
export function unattendedWindow(now: Date, unattendedMinutes: number, editions: readonly Pick<Edition, 'startsOn' | 'endsOn'>[]): { openedFrom: Date; openedBefore: Date } {
  const today = operationDay(now);
  const current = editions.find((e) => e.startsOn <= today && today <= e.endsOn);
  const recent = now.getTime() - UNATTENDED_WATCH_HOURS * 3_600_000;
  return {
    openedFrom: new Date(Math.max(recent, current ? operationDayStart(current.startsOn).getTime() : recent)),
    openedBefore: new Date(now.getTime() - unattendedMinutes * 60_000),
  };
}
