import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AuthUser, LoginRequest } from '@marhaba/shared';
import { HttpError } from '../api/http';
import { login as loginRequest, logout as logoutRequest, refresh as refreshRequest } from '../api/auth';

const STORAGE_KEY = 'marhaba.session';
/** A token this close to its end is renewed before use, so that requests do not fail on the way. */
const RENEW_BEFORE_MS = 60_000;

interface Session {
  token: string;
  /** When `token` expires, in ms since the epoch (client clock). */
  expiresAt: number;
  /** Buys new tokens until the session ends (a shift) or is revoked. */
  refreshToken: string;
  user: AuthUser;
}

function storedSession(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const session = raw ? (JSON.parse(raw) as Partial<Session>) : null;
    // A session saved by an older console has no refresh token: sign in again.
    return session?.token && session.refreshToken && session.user && typeof session.expiresAt === 'number' ? (session as Session) : null;
  } catch {
    return null;
  }
}

/** The signed-in user and its tokens, kept across reloads of the wall screen and of the tablet. */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(storedSession());
  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const signedIn = computed(() => session.value !== null);
  /**
   * The server refused the session (revoked or over). Site assistants keep their session, and with it
   * their outbox, until they sign in again; nothing they queued is lost.
   */
  const expired = ref(false);
  let renewing: Promise<boolean> | null = null;

  function save(next: Session): void {
    session.value = next;
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
  }

  async function login(credentials: LoginRequest): Promise<void> {
    const response = await loginRequest(credentials);
    save({ token: response.accessToken, expiresAt: Date.now() + response.expiresIn * 1000, refreshToken: response.refreshToken, user: response.user });
    expired.value = false;
  }

  /** A new access token for the session; false when the server said no (or could not be reached). */
  function renew(): Promise<boolean> {
    renewing ??= (async () => {
      const current = session.value;
      if (!current) return false;
      try {
        const response = await refreshRequest(current.refreshToken);
        if (session.value !== current) return false; // signed out or in again meanwhile
        save({ ...current, token: response.accessToken, expiresAt: Date.now() + response.expiresIn * 1000, user: response.user });
        return true;
      } catch (error) {
        if (error instanceof HttpError && error.status === 401) expire();
        return false;
      }
    })().finally(() => (renewing = null));
    return renewing;
  }

  /** The access token to send now, renewed first when it is about to expire. */
  async function accessToken(): Promise<string | null> {
    if (session.value && !expired.value && session.value.expiresAt - Date.now() < RENEW_BEFORE_MS) await renew();
    return session.value?.token ?? null;
  }

  function expire(): void {
    expired.value = true;
  }

  /** Ends the session on the server too (best effort: offline, it simply runs out). */
  function logout(): void {
    if (session.value && !expired.value) void endOnServer(session.value).catch(() => undefined);
    session.value = null;
    expired.value = false;
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  }

  async function endOnServer(ending: Session): Promise<void> {
    const fresh = ending.expiresAt - Date.now() > RENEW_BEFORE_MS;
    await logoutRequest(fresh ? ending.token : (await refreshRequest(ending.refreshToken)).accessToken);
  }

  return { session, token, user, signedIn, expired, login, renew, accessToken, expire, logout };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot));
