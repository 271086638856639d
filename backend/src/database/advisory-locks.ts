import type { DataSource } from 'typeorm';

/**
 * Every PostgreSQL advisory lock key the backend takes, in one place so that two jobs never share one by
 * accident. Any fixed 64-bit keys work; these are ours.
 */
export const ADVISORY_LOCKS = {
  /** Every instance that starts waits here for the others' migrations. */
  migrations: 7_302_024,
  /** The alert sweep: one instance at a time, the others skip (a transaction lock). */
  alertSweep: 7_302_025,
  /** The retention sweep: one instance at a time, the others skip. */
  retention: 7_302_026,
  /** The forecast refit: one instance fits and stores for all, the others skip. */
  forecastRefit: 7_302_030,
  /**
   * Imported figures against live records, per local day (second key: days since 1970): an import holds
   * its days exclusively, a live write its day shared, so that neither checks the other half-done.
   */
  historyDay: 7_302_027,
} as const;

/**
 * Runs `work` while this process holds a PostgreSQL session advisory lock, taken on a connection of its
 * own (released if the process dies). With `wait`, waits for the lock; without, returns null at once when
 * another instance holds it.
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, key: number, wait: boolean, work: () => Promise<T>): Promise<T | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query(wait ? 'SELECT true AS locked FROM pg_advisory_lock($1)' : 'SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!locked) return null;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
