import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';

let embedded: { db: EmbeddedDatabase; dir: string } | null = null;

/**
 * The PostgreSQL a test file works in: DATABASE_URL when given, else a real embedded server of its
 * own (about a second to create), stopped after the file (setup-after-env.ts).
 */
export async function adminDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!embedded) {
    const dir = mkdtempSync(join(tmpdir(), 'marhaba-test-pg-'));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach its folder
    embedded = { db: await startEmbeddedPostgres(join(dir, 'pg'), () => undefined), dir };
  }
  return embedded.db.url;
}

export async function stopTestDatabase(): Promise<void> {
  if (!embedded) return;
  await embedded.db.stop();
  rmSync(embedded.dir, { recursive: true, force: true });
  embedded = null;
}
