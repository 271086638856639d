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

  /** Makes the account exist, active, with this role, sites and password; true when it had to be written. */
  async ensure(account: { username: string; role: Role; siteIds: string[] }, password: string): Promise<boolean> {
    const existing = await this.users.findByUsername(account.username);
    const upToDate =
      existing !== null &&
      existing.role === account.role &&
      existing.siteIds.join() === account.siteIds.join() &&
      (await this.auth.verifyPassword(existing.passwordHash, password));
    if (upToDate) return false;
    await this.users.upsert({ ...account, passwordHash: await this.auth.hashPassword(password) });
    return true;
  }
}
