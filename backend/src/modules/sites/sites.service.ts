import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { editionSchema, siteSchema, type Edition, type Site, type SiteInput, type SiteUpdate } from '@marhaba/shared';
import { parseOrThrow } from '../../common/zod.js';
import { SitesRepository } from './sites.repository.js';

/** Reference data lives in files beside the code, not in logic: `backend/data/`. */
export const DATA_DIR = join(import.meta.dirname, '..', '..', '..', 'data');

const sitesFileSchema = z.object({ source: z.string(), sites: z.array(siteSchema) });
const editionsFileSchema = z.object({ source: z.string(), editions: z.array(editionSchema) });

@Injectable()
export class SitesService {
  private readonly logger = new Logger(SitesService.name);

  constructor(private readonly sites: SitesRepository) {}

  /** Loads the reference sites and editions on start; existing rows (possibly edited by an admin) are kept. */
  async seedReferenceData(): Promise<void> {
    const sitesFile = sitesFileSchema.parse(JSON.parse(readFileSync(join(DATA_DIR, 'sites.json'), 'utf8')));
    const editionsFile = editionsFileSchema.parse(JSON.parse(readFileSync(join(DATA_DIR, 'editions.json'), 'utf8')));
    const inserted = await this.sites.insertMissing(sitesFile.sites);
    await this.sites.insertMissingEditions(editionsFile.editions);
    if (inserted > 0) this.logger.log(`loaded ${inserted} reference sites`);
  }

  list(): Promise<Site[]> {
    return this.sites.findAll();
  }

  async get(id: string): Promise<Site> {
    const site = await this.sites.findById(id);
    if (!site) throw new NotFoundException(`unknown site ${id}`);
    return site;
  }

  async create(input: SiteInput): Promise<Site> {
    const site = parseOrThrow(siteSchema, input);
    if (!(await this.sites.insert(site))) throw new ConflictException(`site ${site.id} already exists`);
    return site;
  }

  async update(id: string, changes: SiteUpdate): Promise<Site> {
    const current = await this.get(id);
    const next = parseOrThrow(siteSchema, { ...current, ...changes, id });
    await this.sites.update(next);
    return next;
  }

  editions(): Promise<Edition[]> {
    return this.sites.findEditions();
  }
}
