import { setTimeout as sleep } from 'node:timers/promises';
import type { LoginResponse } from '@marhaba/shared';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The public HTTP API as a tablet uses it: logs in as a demo user, sends JSON, and retries what may
 * have been lost (network errors, 5xx, 429) with the same body, which idempotent ids make safe.
 */
export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();
  requests = 0;
  retries = 0;

  constructor(
    readonly baseUrl: string,
    private readonly password: string,
    private readonly maxAttempts = 10,
  ) {}

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
    for (let attempt = 1; ; attempt++) {
      this.requests++;
      try {
        const res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await res.text();
        if (res.ok) return (text ? JSON.parse(text) : null) as T;
        throw new ApiError(res.status, `${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      } catch (error) {
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
