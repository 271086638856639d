import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'main.js');

/** The real `npm start` path: the built server on the embedded PostgreSQL, as a separate process. */
export class ServerProcess {
  child!: ChildProcess;
  output = '';

  constructor(
    readonly dataDir: string,
    readonly port: number,
    /** Extra environment, e.g. DATABASE_URL and REDIS_URL for an instance of a cluster. */
    private readonly env: Record<string, string> = {},
  ) {}

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.output = '';
    this.child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: this.dataDir, PORT: String(this.port), HOST: '127.0.0.1', SIMULATOR: 'off', DEMO_HISTORY: 'off', LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO: '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = this.child;
    // Resolved on the output itself, not on a polling period: restarts are timed by the fault suites.
    await new Promise<void>((resolve, reject) => {
      // Generous: CI machines may be loaded.
      const timer = setTimeout(() => reject(new Error(`server did not start: ${this.output}`)), 120_000);
      const onData = (d: Buffer) => {
        this.output += d;
        if (this.output.includes('listening on')) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve();
        }
      };
      const onExit = () => {
        clearTimeout(timer);
        reject(new Error(`server exited: ${this.output}`));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (d: Buffer) => (this.output += d));
      child.once('exit', onExit);
    });
  }

  /** False once the process has ended, by itself or by a signal (after kill -9 its exitCode stays null). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  exited(): Promise<number | null> {
    return !this.running ? Promise.resolve(this.child.exitCode) : new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Rejects when the server does not answer (refused, reset, or no answer within `timeoutMs`). */
  async request(method: string, path: string, token?: string, body?: unknown, timeoutMs = 30_000) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  }

  async login(username = 'coordinator'): Promise<string> {
    return (await this.request('POST', '/api/auth/login', undefined, { username, password: 'marhaba' })).body.accessToken;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    await this.exited();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
