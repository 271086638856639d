import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { backup, restore } from './backup.js';

const USAGE = `Backs up or restores the console's database (DATABASE_URL, else the embedded one in DATA_DIR).

  npm run backup -- FILE              a consistent dump, taken while the console keeps running
  npm run restore -- FILE [--force]   into an empty database; --force replaces a non-empty one`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

/** The embedded server of a running console (its port is line 4 of postmaster.pid), or null. */
function runningEmbeddedUrl(dir: string): string | null {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  // The embedded server's fixed local credentials (embedded-postgres.ts).
  return `postgres://marhaba:marhaba-embedded@127.0.0.1:${Number(port)}/marhaba`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false }, help: { type: 'boolean' } }, allowPositionals: true });
  const [command, file] = positionals;
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if ((command !== 'backup' && command !== 'restore') || !file || positionals.length !== 2) fail('expected: backup FILE, or restore FILE [--force]');
  const path = resolve(file);
  let url = process.env.DATABASE_URL ?? null;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const dir = join(resolve(process.env.DATA_DIR ?? '.data'), 'pg');
    url = runningEmbeddedUrl(dir);
    if (!url) {
      const db = await startEmbeddedPostgres(dir, (m) => process.stderr.write(`${m}\n`));
      url = db.url;
      stop = db.stop;
    }
  }
  try {
    const counts = command === 'backup' ? await backup(url, path) : await restore(url, path, { force: values.force });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stdout.write(`${command === 'backup' ? 'backed up' : 'restored'} ${rows} rows of ${Object.keys(counts).length} tables ${command === 'backup' ? 'to' : 'from'} ${path}\n`);
  } finally {
    await stop?.();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
