// One PostgreSQL for the whole run (jest's globalSetup), instead of one initialised and started per test file
// (seconds each on a loaded machine): the workers inherit DATABASE_URL. Given DATABASE_URL, that one is used.
// Plain JavaScript loaded by Jest itself, so the TypeScript start-up code comes through tsx.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const { startEmbeddedPostgres } = await tsImport('../../src/database/embedded-postgres.ts', import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'marhaba-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach its folder
  const db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined);
  process.env.DATABASE_URL = db.url;
  // Read by global-teardown.mjs, which runs in this same process.
  globalThis.__marhabaTestDatabase = {
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
