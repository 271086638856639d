import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoginResponse } from '@marhaba/shared';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds the server asked to wait (Retry-After), if it did. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set([408, 500, 502, 503, 504]);

/**
 * The public HTTP API as a tablet uses it: logs in as a demo user, sends JSON, and retries what may
 * have been lost (network errors, 5xx, 429) with the same body, which idempotent ids make safe.
 */
export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();
  requests = 0;
  retries = 0;

  private readonly url: URL;
  // node:http with kept-alive sockets: several times cheaper per request than fetch, which matters at a season's millions of rows.
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    private readonly password: string,
    sockets: number,
    private readonly maxAttempts = 10,
  ) {
    this.url = new URL(baseUrl);
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: sockets }) : new Agent({ keepAlive: true, maxSockets: sockets });
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; text: string; retryAfter: number | null }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const send = this.url.protocol === 'https:' ? httpsRequest : request;
    return new Promise((resolve, reject) => {
      const req = send({ host: this.url.hostname, port: this.url.port, path: `${this.url.pathname.replace(/\/$/, '')}${path}`, method, headers, agent: this.agent, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        const retryAfter = Number(res.headers['retry-after']);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), retryAfter: Number.isFinite(retryAfter) ? retryAfter : null }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private token(username: string, renew = false): Promise<string> {
    let token = this.tokens.get(username);
    if (!token || renew) {
      token = this.call<LoginResponse>('POST', '/api/auth/login', null, { username, password: this.password }).then((r) => r.accessToken);
      token.catch(() => this.tokens.delete(username));
      this.tokens.set(username, token);
    }
    return token;
  }

  /** A request as `username` (logged in once, again when the token expires). */
  async as<T>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.call<T>(method, path, await this.token(username), body);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      return this.call<T>(method, path, await this.token(username, true), body);
    }
  }

  private async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    for (let attempt = 1, throttled = 0; ; attempt++) {
      this.requests++;
      try {
        const res = await this.send(method, path, token, body);
        if (res.status >= 200 && res.status < 300) return (res.text ? JSON.parse(res.text) : null) as T;
        throw new ApiError(res.status, `${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`, res.retryAfter);
      } catch (error) {
        // Rate limited: wait as told, without giving up (a fast replay against default limits is just slower).
        if (error instanceof ApiError && error.status === 429 && throttled++ < 1_000) {
          attempt--;
          this.retries++;
          await sleep((error.retryAfter ?? 1) * 1000);
          continue;
        }
        const retryable = !(error instanceof ApiError) || RETRYABLE.has(error.status);
        if (!retryable || attempt >= this.maxAttempts) throw error;
        this.retries++;
        await sleep(Math.min(10_000, 100 * 2 ** attempt));
      }
    }
  }
}

/** Runs at most `size` tasks at once. */
export class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  get pending(): number {
    return this.active + this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiting one.
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
