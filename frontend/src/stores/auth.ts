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

/** The signed-in user and its token, kept across reloads of the wall screen. */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(storedSession());
  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const signedIn = computed(() => session.value !== null);

  async function login(credentials: LoginRequest): Promise<void> {
    const response = await loginRequest(credentials);
    session.value = { token: response.accessToken, user: response.user };
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(session.value));
  }

  function logout(): void {
    session.value = null;
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  }

  return { session, token, user, signedIn, login, logout };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot));
