import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { createAppRouter } from './index';

function signIn(role: 'assistant' | 'coordinator'): void {
  useAuthStore().session = { token: 't', expiresAt: Date.now() + 900_000, refreshToken: 'r', user: { id: 'u', username: role, role, siteIds: role === 'assistant' ? ['nador'] : [] } };
}

describe('routes by role', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('should send a site assistant to the tablet app, even from the console', async () => {
    signIn('assistant');
    const sut = createAppRouter();
    await sut.push('/');
    expect(sut.currentRoute.value.name).toBe('site-app');
    await sut.push('/login');
    expect(sut.currentRoute.value.name).toBe('site-app');
  });

  it('should keep the other roles in the console', async () => {
    signIn('coordinator');
    const sut = createAppRouter();
    await sut.push('/site');
    expect(sut.currentRoute.value.name).toBe('console');
  });

  it('should ask for a login first, then come back', async () => {
    const sut = createAppRouter();
    await sut.push('/site');
    expect(sut.currentRoute.value.fullPath).toBe('/login?redirect=/site');
  });
});
