import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/** A statement prepared once per connection under its name; the name is the statement's, never reused for another text. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Runs a prepared statement on the transaction's pg client and answers its rows. TypeORM's query runner
 * takes no statement name: through it, PostgreSQL parses and plans each statement again at every call,
 * and the runner adds its own work; on the movements route (a handful of statements per batch) both were
 * a measurable part of a batch's cost. Outside a transaction (no query runner) it runs through `m`.
 */
export async function queryPrepared<T>(m: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  if (!m.queryRunner) return m.query(statement.text, values);
  const client = (await m.queryRunner.connect()) as PoolClient;
  return (await client.query({ ...statement, values })).rows as T[];
}
