import { Inject, Injectable, Logger } from '@nestjs/common';
import { operationDay, type Role } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { referenceEditions } from '../../reference/reference-data.js';
import { SeasonModel, seasonTargets } from '../../simulator/season-model.js';
import { AccountsService } from '../auth/accounts.service.js';
import { HistoryService } from '../history/history.service.js';
import { jsonSheets } from '../history/import-rows.js';
import { EditionsService } from '../editions/editions.service.js';
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

/** Created only in demo mode; when DEMO_PASSWORD changed, the users get the new one. */
@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly sites: SitesService,
    private readonly editions: EditionsService,
    private readonly history: HistoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A demo with a past: every edition that ended before today gets the season model's daily figures, once
   * (an edition that holds any figure, imported before or recorded live, is left alone), through the
   * import's own checks and storage. Editions in progress or to come are the live simulator's.
   */
  async preloadHistory(now = new Date()): Promise<number[]> {
    const today = operationDay(now);
    const sites = await this.sites.list();
    const loaded: number[] = [];
    for (const edition of await this.editions.list()) {
      if (edition.endsOn >= today || (await this.history.hasFigures(edition))) continue;
      // The edition's own sites: 24 in 2023 and 2024, 26 in 2025.
      const model = new SeasonModel(edition, sites.filter((s) => edition.siteIds.includes(s.id)), seasonTargets(edition.year, referenceEditions().published), 'demo-history');
      const result = await this.history.import(edition.year, jsonSheets(model.dailyFigures()), false, { user: null, address: null, source: 'demo' });
      this.logger.log(`demo history: edition ${edition.year} preloaded (${result.accepted} daily figures)`);
      loaded.push(edition.year);
    }
    return loaded;
  }

  async seedUsers(): Promise<DemoUser[]> {
    const wanted = demoUsers((await this.sites.list()).map((s) => s.id));
    const written = await this.accounts.ensureAll(wanted, this.config.demoPassword);
    if (written > 0) this.logger.log(`demo users written: ${written}`);
    return wanted;
  }
}
