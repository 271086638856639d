import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Role } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AccountsService } from '../auth/accounts.service.js';
import { SitesService } from '../sites/sites.service.js';

export interface DemoUser {
  username: string;
  role: Role;
  siteIds: string[];
}

/** The demo users of DESIGN.md: admin, coordinator, supervisor, and assistant-<siteId> for every site. */
export function demoUsers(siteIds: string[]): DemoUser[] {
  return [
    { username: 'admin', role: 'admin', siteIds: [] },
    { username: 'coordinator', role: 'coordinator', siteIds: [] },
    { username: 'supervisor', role: 'supervisor', siteIds: [] },
    ...siteIds.map((id): DemoUser => ({ username: `assistant-${id}`, role: 'assistant', siteIds: [id] })),
  ];
}

/** Created only in demo mode; a user whose password no longer matches DEMO_PASSWORD gets it again. */
@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly sites: SitesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedUsers(): Promise<DemoUser[]> {
    const wanted = demoUsers((await this.sites.list()).map((s) => s.id));
    const written = (await Promise.all(wanted.map((user) => this.accounts.ensure(user, this.config.demoPassword)))).filter(Boolean).length;
    if (written > 0) this.logger.log(`demo users written: ${written}`);
    return wanted;
  }
}
