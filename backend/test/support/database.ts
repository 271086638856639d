import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions, runMigrations } from '../../src/database/data-source.js';

/** Databases this test file created (each file has its own module registry), dropped after it. */
const created: string[] = [];

/**
 * The PostgreSQL the tests work in: DATABASE_URL, which jest's globalSetup (global-setup.mjs) sets to one
 * embedded server for the whole run when it is not given.
 */
function adminDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through jest (its globalSetup starts PostgreSQL)');
  return url;
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database already migrated, to copy: one per jest worker (a worker runs its files one after the other, so
 * no two build it at once), named after the migrations so that a server given in DATABASE_URL never serves
 * an older schema. Built under another name and renamed when complete: a run killed half-way leaves none.
 */
async function migratedTemplate(admin: Client): Promise<string> {
  const schema = createHash('sha256').update(MIGRATIONS.map((m) => m.name).join()).digest('hex').slice(0, 10);
  const name = `test_template_${schema}_w${process.env.JEST_WORKER_ID ?? '1'}`;
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return name;
  const building = `${name}_building`;
  await admin.query(`DROP DATABASE IF EXISTS ${building}`);
  await admin.query(`CREATE DATABASE ${building}`);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl(building), [])).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  return name;
}

/**
 * A fresh database for one test (dropped after its file): copied from a migrated template, so that every
 * start does not run the migrations again; `empty` for a test of the migrations or of a restore themselves.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await withAdmin(async (admin) => {
    const template = options.empty ? 'template1' : await migratedTemplate(admin);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  });
  created.push(name);
  return databaseUrl(name);
}

/** Drops this file's databases, closing what a test left connected (one server serves the whole run). */
export async function dropTestDatabases(): Promise<void> {
  const names = created.splice(0);
  if (names.length === 0) return;
  await withAdmin(async (admin) => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}
