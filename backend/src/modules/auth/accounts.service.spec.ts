import { describe, expect, it } from '@jest/globals';
import type { Role } from '@marhaba/shared';
import { AccountsService } from './accounts.service.js';
import type { AuthService } from './auth.service.js';
import type { SessionsRepository } from './sessions.repository.js';
import type { UsersRepository } from './users.repository.js';

interface Stored {
  username: string;
  passwordHash: string;
  role: Role;
  siteIds: string[];
}

/** Users in memory and a password "hash" that counts how often it was computed or checked. */
function setUp(stored: Stored[] = []) {
  const users = new Map(stored.map((u) => [u.username, u]));
  const calls = { hash: 0, verify: 0 };
  const repository = {
    findByUsernames: async (usernames: string[]) => usernames.flatMap((username) => {
      const u = users.get(username);
      return u ? [{ id: u.username, active: true, ...u }] : [];
    }),
    upsert: async (u: Stored) => void users.set(u.username, u),
  } as unknown as UsersRepository;
  const auth = {
    hashPassword: async (password: string) => (calls.hash++, `hash:${password}`),
    verifyPassword: async (hash: string, password: string) => (calls.verify++, hash === `hash:${password}`),
  } as unknown as AuthService;
  const sut = new AccountsService(repository, {} as SessionsRepository, auth);
  return { sut, users, calls };
}

const demo = [
  { username: 'admin', role: 'admin' as const, siteIds: [] },
  { username: 'assistant-nador', role: 'assistant' as const, siteIds: ['nador'] },
  { username: 'assistant-tanger-med', role: 'assistant' as const, siteIds: ['tanger-med'] },
];

describe(AccountsService.name, () => {
  it('should create every missing account with one hash', async () => {
    const { sut, users, calls } = setUp();
    expect(await sut.ensureAll(demo, 'marhaba')).toBe(3);
    expect(calls).toEqual({ hash: 1, verify: 0 });
    expect([...users.values()].map((u) => [u.username, u.passwordHash, u.siteIds])).toEqual(demo.map((u) => [u.username, 'hash:marhaba', u.siteIds]));
  });

  it('should write nothing and hash nothing when every account is up to date, checking the password once', async () => {
    const { sut, calls } = setUp(demo.map((u) => ({ ...u, passwordHash: 'hash:marhaba' })));
    expect(await sut.ensureAll(demo, 'marhaba')).toBe(0);
    expect(calls).toEqual({ hash: 0, verify: 1 });
  });

  it('should write only the missing account and the one whose sites changed', async () => {
    const { sut, users, calls } = setUp([
      { ...demo[0], passwordHash: 'hash:marhaba' },
      { ...demo[1], siteIds: ['al-hoceima'], passwordHash: 'hash:marhaba' },
    ]);
    expect(await sut.ensureAll(demo, 'marhaba')).toBe(2);
    expect(calls).toEqual({ hash: 1, verify: 1 });
    expect(users.get('assistant-nador')!.siteIds).toEqual(['nador']);
    expect(users.get('assistant-tanger-med')!.passwordHash).toBe('hash:marhaba');
  });

  it('should give every account the new password when it changed', async () => {
    const { sut, users } = setUp(demo.map((u) => ({ ...u, passwordHash: 'hash:marhaba' })));
    expect(await sut.ensureAll(demo, 'new-password')).toBe(3);
    expect([...users.values()].every((u) => u.passwordHash === 'hash:new-password')).toBe(true);
  });
});
