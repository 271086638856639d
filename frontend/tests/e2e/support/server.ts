import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const MAIN = join(ROOT, 'backend', 'dist', 'main.js');
const CONSOLE = join(ROOT, 'frontend', 'dist', 'index.html');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The real `npm start` path: the built backend serving the built console, on a fresh embedded PostgreSQL. */
export class ConsoleServer {
  private child!: ChildProcess;
  private output = '';
  private dir!: string;
  baseUrl = '';

  async start(): Promise<void> {
    for (const file of [MAIN, CONSOLE]) if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
    this.dir = mkdtempSync(join(tmpdir(), 'marhaba-e2e-'));
    // As root, PostgreSQL runs as the `postgres` user: it must reach its data folder.
    chmodSync(this.dir, 0o755);
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: join(this.dir, 'data'), PORT: String(port), HOST: '127.0.0.1', SIMULATOR: 'off', LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO: '', TILE_URL: '', STATIC_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 90_000;
    while (!this.output.includes('listening on')) {
      if (this.child.exitCode !== null) throw new Error(`server exited: ${this.output}`);
      if (Date.now() > deadline) throw new Error(`server did not start: ${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  async api<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async login(username: string): Promise<string> {
    const res = await this.api<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username, password: 'marhaba' });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return res.body.accessToken;
  }
}
