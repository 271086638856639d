import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AuthUser, LoginRequest } from '@marhaba/shared';
import { login as loginRequest } from '../api/auth';

const STORAGE_KEY = 'marhaba.session';

interface Session {
  token: string;
  user: AuthUser;
}

function storedSession(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The signed-in user and its token, kept across reloads of the wall screen and of the tablet. */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(storedSession());
  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const signedIn = computed(() => session.value !== null);
  /**
   * The server refused the token (expired or revoked). Site assistants keep their session, and with it
   * their outbox, until they sign in again; nothing they queued is lost.
   */
  const expired = ref(false);

  async function login(credentials: LoginRequest): Promise<void> {
    const response = await loginRequest(credentials);
    session.value = { token: response.accessToken, user: response.user };
    expired.value = false;
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(session.value));
  }

  function expire(): void {
    expired.value = true;
  }

  function logout(): void {
    session.value = null;
    expired.value = false;
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  }

  return { session, token, user, signedIn, expired, login, expire, logout };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot));
