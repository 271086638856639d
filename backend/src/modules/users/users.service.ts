import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { userSitesProblem, type UserCreate, type UserUpdate, type UserView } from '@marhaba/shared';
import { Transactions } from '../../database/transactions.js';
import { AuthService } from '../auth/auth.service.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import { UsersRepository } from '../auth/users.repository.js';
import { SitesRepository } from '../sites/sites.repository.js';

/** Accounts, managed by admins. Any change to a user ends its sessions, open sockets included. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly sites: SitesRepository,
    private readonly auth: AuthService,
    private readonly transactions: Transactions,
  ) {}

  list(): Promise<UserView[]> {
    return this.users.list();
  }

  async create(input: Required<UserCreate>): Promise<UserView> {
    await this.assertSitesExist(input.siteIds);
    const id = await this.users.insert({ ...input, passwordHash: await this.auth.hashPassword(input.password) });
    if (!id) throw new ConflictException(`username ${input.username} is taken`);
    return this.get(id);
  }

  async update(id: string, changes: UserUpdate): Promise<UserView> {
    const current = await this.get(id);
    const problem = userSitesProblem(changes.role ?? current.role, changes.siteIds ?? current.siteIds);
    if (problem) throw new BadRequestException(`siteIds: ${problem}`);
    if (changes.siteIds) await this.assertSitesExist(changes.siteIds);
    const passwordHash = changes.password === undefined ? undefined : await this.auth.hashPassword(changes.password);
    await this.transactions.run(async (tx) => {
      if (!(await this.users.update(tx.manager, id, { passwordHash, role: changes.role, siteIds: changes.siteIds, active: changes.active }))) {
        throw new NotFoundException(`unknown user ${id}`);
      }
      await this.sessions.revokeAllOf(id, tx.manager);
      tx.publish({ name: 'sessions.revoked', payload: { userId: id } });
    });
    return this.get(id);
  }

  private async get(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`unknown user ${id}`);
    return user;
  }

  private async assertSitesExist(siteIds: string[]): Promise<void> {
    const known = new Set((await this.sites.findAll()).map((s) => s.id));
    const unknown = siteIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new BadRequestException(`siteIds: unknown site ${unknown.join(', ')}`);
  }
}
