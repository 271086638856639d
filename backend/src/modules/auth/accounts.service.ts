import { Injectable } from '@nestjs/common';
import type { AuthUser, Role, UserView } from '@marhaba/shared';
import type { Tx } from '../../database/transactions.js';
import { AuthService } from './auth.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository, type UserChanges } from './users.repository.js';

/**
 * The accounts (users and their sites), as other modules see them: the auth module owns the tables,
 * since signing in and sessions read them; admins manage them through the users module, demo mode seeds
 * them. Password hashes never leave this module.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly auth: AuthService,
  ) {}

  list(): Promise<UserView[]> {
    return this.users.list();
  }

  find(id: string): Promise<UserView | null> {
    return this.users.findById(id);
  }

  /** The user as a token would carry it (active or not), or null. */
  async principal(username: string): Promise<AuthUser | null> {
    const u = await this.users.findByUsername(username);
    return u && { id: u.id, username: u.username, role: u.role, siteIds: u.siteIds };
  }

  /** Hashed before the caller's transaction opens: argon2 is slow on purpose. */
  hashPassword(password: string): Promise<string> {
    return this.auth.hashPassword(password);
  }

  /** Creates an account in the caller's transaction; null when the username is taken. */
  create(tx: Tx, account: { username: string; passwordHash: string; role: Role; siteIds: string[] }): Promise<string | null> {
    return this.users.insert(tx.manager, account);
  }

  /**
   * Applies changes in the caller's transaction and ends the account's sessions (whatever changed, the
   * tokens issued before say something else); false when the account does not exist.
   */
  async update(tx: Tx, id: string, changes: UserChanges): Promise<boolean> {
    if (!(await this.users.update(tx.manager, id, changes))) return false;
    await this.sessions.revokeAllOf(id, tx.manager);
    tx.publish({ name: 'sessions.revoked', payload: { userId: id } });
    return true;
  }

  /**
   * Makes each account exist with its role and sites and this password; answers how many were written. argon2 is
   * slow on purpose, so it runs at most twice however many accounts there are (a restart of the demo would
   * otherwise hash every one again): the password is checked on one existing account, since they were all given
   * it together, and one hash serves every account written. Sharing a salt tells that their passwords are the
   * same, which all of them know anyway.
   */
  async ensureAll(accounts: { username: string; role: Role; siteIds: string[] }[], password: string): Promise<number> {
    const found = new Map((await this.users.findByUsernames(accounts.map((a) => a.username))).map((u) => [u.username, u]));
    const existing = accounts.map((a) => found.get(a.username) ?? null);
    const probe = existing.find((u) => u !== null);
    const passwordChanged = probe !== undefined && !(await this.auth.verifyPassword(probe.passwordHash, password));
    const stale = accounts.filter((a, i) => {
      const u = existing[i];
      return u === null || passwordChanged || u.role !== a.role || u.siteIds.join() !== a.siteIds.join();
    });
    if (stale.length === 0) return 0;
    const passwordHash = await this.auth.hashPassword(password);
    await Promise.all(stale.map((a) => this.users.upsert({ ...a, passwordHash })));
    return stale.length;
  }
}
