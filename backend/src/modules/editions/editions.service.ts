import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { editionSchema, type AuthUser, type Edition, type EditionUpdate } from '@marhaba/shared';
import { refusal } from '../../common/api-error.js';
import { invalidField, parseOrThrow } from '../../common/zod.js';
import { Transactions } from '../../database/transactions.js';
import { referenceEditions } from '../../reference/reference-data.js';
import { AuditService } from '../audit/audit.service.js';
import { SitesService } from '../sites/sites.service.js';
import { EditionsRepository } from './editions.repository.js';

/**
 * Editions (seasons) and the sites that take part in each: admins create and change them; statistics,
 * the console, the tablets and the demo read them. Each change is audited in its transaction.
 */
@Injectable()
export class EditionsService {
  constructor(
    private readonly editions: EditionsRepository,
    private readonly sites: SitesService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** Loads the reference editions on start (after the sites they name); existing ones are kept. */
  seedReferenceData(): Promise<void> {
    return this.editions.insertMissing(referenceEditions().editions);
  }

  /** Every edition with its sites, oldest first. */
  list(): Promise<Edition[]> {
    return this.editions.findAll();
  }

  async create(admin: AuthUser, input: Edition): Promise<Edition> {
    await this.assertSitesExist(input.siteIds);
    await this.transactions.run(async (tx) => {
      if (!(await this.editions.insert(tx.manager, input))) throw new ConflictException(refusal('already_exists', `edition ${input.year} already exists`));
      await this.audit.editionChanged(tx, admin, input.year, 'created', { startsOn: input.startsOn, endsOn: input.endsOn, siteIds: input.siteIds });
    });
    return this.get(input.year);
  }

  /** Changes only the fields named; the dates are checked again together with the stored ones. */
  async update(admin: AuthUser, year: number, changes: EditionUpdate): Promise<Edition> {
    if (changes.siteIds) await this.assertSitesExist(changes.siteIds);
    await this.transactions.run(async (tx) => {
      const current = await this.editions.findForUpdate(tx.manager, year);
      if (!current) throw new NotFoundException(`unknown edition ${year}`);
      const next = parseOrThrow(editionSchema, { ...current, ...changes });
      if (changes.startsOn !== undefined || changes.endsOn !== undefined) await this.editions.updateDates(tx.manager, next);
      if (changes.siteIds) await this.editions.replaceSites(tx.manager, year, changes.siteIds);
      await this.audit.editionChanged(tx, admin, year, 'updated', { ...changes });
    });
    return this.get(year);
  }

  private async get(year: number): Promise<Edition> {
    const edition = (await this.list()).find((e) => e.year === year);
    if (!edition) throw new NotFoundException(`unknown edition ${year}`);
    return edition;
  }

  private async assertSitesExist(siteIds: string[]): Promise<void> {
    const known = new Set((await this.sites.list()).map((s) => s.id));
    const unknown = siteIds.map((id, index) => ({ id, index })).filter((s) => !known.has(s.id));
    if (unknown.length > 0) throw invalidField(`siteIds.${unknown[0]!.index}`, `unknown site ${unknown.map((s) => s.id).join(', ')}`);
  }
}
