import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { siteSchema, type SiteInput, type SiteKind, type SiteUpdate, type SiteView } from '@marhaba/shared';
import { refusal } from '../../common/api-error.js';
import { parseOrThrow } from '../../common/zod.js';
import type { Tx } from '../../database/transactions.js';
import { referenceSites } from '../../reference/reference-data.js';
import { SitesRepository } from './sites.repository.js';

@Injectable()
export class SitesService {
  private readonly logger = new Logger(SitesService.name);

  constructor(private readonly sites: SitesRepository) {}

  /** Loads the reference sites on start; existing rows (possibly edited by an admin) are kept. */
  async seedReferenceData(): Promise<void> {
    const inserted = await this.sites.insertMissing(referenceSites());
    if (inserted > 0) this.logger.log(`loaded ${inserted} reference sites`);
  }

  list(): Promise<SiteView[]> {
    return this.sites.findAll();
  }

  async get(id: string): Promise<SiteView> {
    const site = await this.sites.findById(id);
    if (!site) throw new NotFoundException(`unknown site ${id}`);
    return site;
  }

  /** Kind of each known, active site among `ids`, read in the caller's transaction (what a record may be filed under). */
  activeKinds(tx: Tx, ids: string[]): Promise<Map<string, SiteKind>> {
    return this.sites.findActiveKinds(tx.manager, ids);
  }

  async create(input: SiteInput): Promise<SiteView> {
    const site = parseOrThrow(siteSchema, input);
    if (!(await this.sites.insert(site))) throw new ConflictException(refusal('already_exists', `site ${site.id} already exists`));
    return this.get(site.id);
  }

  /** Applies the fields named; `names` may name only some languages. */
  async update(id: string, changes: SiteUpdate): Promise<SiteView> {
    const current = await this.get(id);
    const next = parseOrThrow(siteSchema, { ...current, ...changes, names: { ...current.names, ...changes.names }, id });
    await this.sites.update(next);
    return this.get(id);
  }

  async activeIds(): Promise<string[]> {
    return (await this.sites.findAll()).filter((s) => s.active).map((s) => s.id);
  }
}
