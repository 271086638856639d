import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, LiveHandshake, LiveSnapshot, LoginResponse, ServerToClientEvents } from '@marhaba/shared';
import { createApp, type App } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createTestDatabase } from './database.js';

export { createTestDatabase };

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export function testConfig(databaseUrl: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    DEMO: '1',
    SIMULATOR: 'off',
    // Tests post their own past seasons; the demo's preloaded history would refuse them (409).
    DEMO_HISTORY: 'off',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    LIVE_COALESCE_MS: '50',
    ALERT_SWEEP_MS: '3600000',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
}

/** The real backend on a real database, listening on a free port, with helpers to call it as its users do. */
export class TestApp {
  private sockets: LiveClient[] = [];

  private constructor(
    readonly instance: App,
    readonly baseUrl: string,
    readonly databaseUrl: string,
  ) {}

  static async start(databaseUrl?: string, env: Record<string, string> = {}): Promise<TestApp> {
    const url = databaseUrl ?? (await createTestDatabase());
    const instance = await createApp(testConfig(url, env));
    await instance.app.listen(0, '127.0.0.1');
    const { port } = instance.app.getHttpServer().address() as AddressInfo;
    return new TestApp(instance, `http://127.0.0.1:${port}`, url);
  }

  get<T>(key: new (...args: never[]) => T): T {
    return this.instance.app.get(key);
  }

  async request(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async login(username: string, password = 'marhaba'): Promise<string> {
    return (await this.signIn(username, password)).accessToken;
  }

  /** The whole answer to a sign-in: both tokens and the user. */
  async signIn(username: string, password = 'marhaba'): Promise<LoginResponse> {
    const res = await this.request('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as LoginResponse;
  }

  /** A `/live` socket; resolves with the socket and its first snapshot. */
  async connect(token: string, handshake: Partial<LiveHandshake> = {}): Promise<{ socket: LiveClient; snapshot: LiveSnapshot }> {
    const live = openLive(this.baseUrl, token, handshake);
    this.sockets.push(live.socket);
    return { socket: live.socket, snapshot: await live.snapshot };
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.databaseUrl, sql, params);
  }

  async close(): Promise<void> {
    this.sockets.forEach((s) => s.disconnect());
    await this.instance.app.close();
  }
}

/** A `/live` socket to any server (in-process or a process) and its first snapshot; no reconnection unless asked. */
export function openLive(
  baseUrl: string,
  token: string,
  handshake: Partial<LiveHandshake> = {},
  options: Partial<ManagerOptions & SocketOptions> = {},
): { socket: LiveClient; snapshot: Promise<LiveSnapshot> } {
  const socket: LiveClient = io(`${baseUrl}/live`, { auth: { token, ...handshake }, transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  const snapshot = new Promise<LiveSnapshot>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, snapshot };
}

/** One query on its own connection (tests read what the backend stored). */
export async function queryDatabase<T = any>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export function movement(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    siteId: 'tanger-med',
    direction: 'arrival',
    mode: 'car',
    people: 4,
    vehicles: 1,
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

export function newCase(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    siteId: 'tanger-med',
    category: 'information',
    priority: 'normal',
    openedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Waits for the next event of a name that satisfies `match`. */
export function nextEvent<K extends keyof ServerToClientEvents>(
  socket: LiveClient,
  name: K,
  match: (payload: Parameters<ServerToClientEvents[K]>[0]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[K]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, listener as never);
      reject(new Error(`no ${String(name)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[K]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(name, listener as never);
      resolve(payload);
    };
    socket.on(name, listener as never);
  });
}
