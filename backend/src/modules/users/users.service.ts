import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { userSitesProblem, type AuthUser, type UserCreate, type UserUpdate, type UserView } from '@marhaba/shared';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/audit.service.js';
import { AccountsService } from '../auth/accounts.service.js';
import { SitesService } from '../sites/sites.service.js';
import { refusal } from '../../common/api-error.js';

/** Accounts, managed by admins. Any change to a user ends its sessions, open sockets included. */
@Injectable()
export class UsersService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sites: SitesService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<UserView[]> {
    return this.accounts.list();
  }

  async create(admin: AuthUser, input: Required<UserCreate>): Promise<UserView> {
    await this.assertSitesExist(input.siteIds);
    const passwordHash = await this.accounts.hashPassword(input.password);
    const id = await this.transactions.run(async (tx) => {
      const created = await this.accounts.create(tx, { ...input, passwordHash });
      if (!created) throw new ConflictException(refusal('already_exists', `username ${input.username} is taken`));
      await this.audit.accountChanged(tx, admin, { id: created, username: input.username }, 'created', { role: input.role, siteIds: input.siteIds });
      return created;
    });
    return this.get(id);
  }

  async update(admin: AuthUser, id: string, changes: UserUpdate): Promise<UserView> {
    const current = await this.get(id);
    const problem = userSitesProblem(changes.role ?? current.role, changes.siteIds ?? current.siteIds);
    if (problem) throw new BadRequestException(`siteIds: ${problem}`);
    if (changes.siteIds) await this.assertSitesExist(changes.siteIds);
    const passwordHash = changes.password === undefined ? undefined : await this.accounts.hashPassword(changes.password);
    await this.transactions.run(async (tx) => {
      if (!(await this.accounts.update(tx, id, { passwordHash, role: changes.role, siteIds: changes.siteIds, active: changes.active }))) {
        throw new NotFoundException(`unknown user ${id}`);
      }
      const { password, ...changed } = changes;
      await this.audit.accountChanged(tx, admin, current, 'updated', { ...changed, ...(password === undefined ? {} : { passwordChanged: true }) });
    });
    return this.get(id);
  }

  private async get(id: string): Promise<UserView> {
    const user = await this.accounts.find(id);
    if (!user) throw new NotFoundException(`unknown user ${id}`);
    return user;
  }

  private async assertSitesExist(siteIds: string[]): Promise<void> {
    const known = new Set((await this.sites.list()).map((s) => s.id));
    const unknown = siteIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new BadRequestException(`siteIds: unknown site ${unknown.join(', ')}`);
  }
}
