import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, MAIN, ServerProcess } from '../../../../backend/test/support/server-process';

const CONSOLE = join(import.meta.dirname, '..', '..', '..', 'dist', 'index.html');

/**
 * The real `npm start` path: the built backend serving the built console, on a fresh embedded
 * PostgreSQL in a temporary folder, with `env` on top (shorter periods for a test). `stop()` ends the
 * process and removes the folder.
 */
export async function startConsoleServer(env: Record<string, string> = {}): Promise<{ server: ServerProcess; stop: () => Promise<void> }> {
  for (const file of [MAIN, CONSOLE]) if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'marhaba-e2e-'));
  // As root, PostgreSQL runs as the `postgres` user: it must reach its data folder.
  chmodSync(dir, 0o755);
  const server = new ServerProcess(join(dir, 'data'), await freePort(), { TILE_URL: '', STATIC_DIR: '', ...env });
  await server.start();
  return {
    server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
