import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureHttp, request } from '../api/http';
import { useAuthStore } from './auth';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const user = { id: 'u1', username: 'assistant-nador', role: 'assistant' as const, siteIds: ['nador'] };
const tokenOf = (init?: RequestInit) => (init?.headers as Record<string, string> | undefined)?.authorization;

/** A fake API: sign-in, refresh (answered by `refresh`), sign-out, and one protected route answering 401 to `refusedToken`. */
function api(refresh: () => Response, refusedToken = 'none') {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/auth/login') return json({ accessToken: 'a1', expiresIn: 900, refreshToken: 'r1', user });
    if (url === '/api/auth/refresh') return refresh();
    if (url === '/api/auth/logout') return new Response(null, { status: 204 });
    return tokenOf(init) === `Bearer ${refusedToken}` ? json({ statusCode: 401, error: 'Unauthorized', message: 'unauthorized' }, 401) : json({ ok: true });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('useAuthStore', () => {
  let auth: ReturnType<typeof useAuthStore>;
  let unauthorized: number;

  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    auth = useAuthStore();
    unauthorized = 0;
    configureHttp({ token: () => auth.accessToken(), renew: () => auth.renew(), onUnauthorized: () => unauthorized++ });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('should keep both tokens across reloads, and drop sessions saved without a refresh token', async () => {
    api(() => json({}));
    await auth.login({ username: 'assistant-nador', password: 'x' });
    expect(JSON.parse(localStorage.getItem('marhaba.session')!)).toMatchObject({ token: 'a1', refreshToken: 'r1', user });
    localStorage.setItem('marhaba.session', JSON.stringify({ token: 'old', user }));
    setActivePinia(createPinia());
    expect(useAuthStore().signedIn).toBe(false);
  });

  it('should renew a token about to expire once, before the requests that need it', async () => {
    const fetch = api(() => json({ accessToken: 'a2', expiresIn: 900, user }));
    await auth.login({ username: 'assistant-nador', password: 'x' });
    auth.session!.expiresAt = Date.now() + 30_000;
    await Promise.all([request('GET', '/api/cases'), request('GET', '/api/alerts')]);
    const urls = fetch.mock.calls.map(([url]) => url);
    expect(urls.filter((url) => url === '/api/auth/refresh')).toHaveLength(1);
    expect(fetch.mock.calls.filter(([url]) => url.startsWith('/api/cases') || url.startsWith('/api/alerts')).map(([, init]) => tokenOf(init))).toEqual(['Bearer a2', 'Bearer a2']);
  });

  it('should retry a request refused with 401 once with a renewed token', async () => {
    api(() => json({ accessToken: 'a2', expiresIn: 900, user }), 'a1');
    await auth.login({ username: 'assistant-nador', password: 'x' });
    await expect(request('GET', '/api/cases')).resolves.toEqual({ ok: true });
    expect(auth.token).toBe('a2');
    expect(unauthorized).toBe(0);
  });

  it('should mark the session expired, keeping it, when the server refuses the refresh token', async () => {
    api(() => json({ statusCode: 401, error: 'Unauthorized', message: 'the session is over' }, 401), 'a1');
    await auth.login({ username: 'assistant-nador', password: 'x' });
    await expect(request('GET', '/api/cases')).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toBe(1);
    expect(auth.expired).toBe(true);
    expect(auth.user).toEqual(user);
  });

  it('should keep the session when the refresh cannot reach the server (offline tablet)', async () => {
    api(() => {
      throw new TypeError('Failed to fetch');
    });
    await auth.login({ username: 'assistant-nador', password: 'x' });
    await expect(auth.renew()).resolves.toBe(false);
    expect(auth.expired).toBe(false);
    expect(auth.token).toBe('a1');
  });

  it('should end the session on the server when signing out', async () => {
    const fetch = api(() => json({}));
    await auth.login({ username: 'assistant-nador', password: 'x' });
    auth.logout();
    expect(auth.signedIn).toBe(false);
    await vi.waitFor(() => expect(fetch.mock.calls.some(([url, init]) => url === '/api/auth/logout' && tokenOf(init) === 'Bearer a1')).toBe(true));
  });
});
