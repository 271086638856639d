import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { MAX_IMPORT_ERRORS, type AuthUser, type Edition, type ImportError, type ImportResult } from '@marhaba/shared';
import { refusal } from '../../common/api-error.js';
import { Transactions, type Tx } from '../../database/transactions.js';
import { AuditService } from '../audit/audit.service.js';
import { EditionsService } from '../editions/editions.service.js';
import { checkRows, type ImportSheet } from './import-rows.js';
import { HistoryRepository, type DailyFigureRow, type SiteDay } from './history.repository.js';

export type { DailyFigureRow, SiteDay };
export type { ImportSheet };

/** Who imports, and from what (for the audit row). */
export interface ImportOrigin {
  user: AuthUser | null;
  address: string | null;
  source: 'csv' | 'xlsx' | 'json' | 'demo';
}

const pairKey = (p: SiteDay) => `${p.day}|${p.siteId}`;

/** Where an error is, as the other routes name fields: `traffic.3.people` in a JSON body, `row 4.people` in a file. */
function errorPath(e: ImportError, json: boolean): string {
  const at = json && e.kind ? `${e.kind}.${e.row - 1}` : `row ${e.row}`;
  return e.column ? `${at}.${e.column}` : at;
}

/**
 * Past editions' daily figures: the import (atomic, idempotent, never over live records) and the
 * daily read other modules use, which sees recorded and imported figures alike.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly history: HistoryRepository,
    private readonly editions: EditionsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Checks and stores an edition's rows in one transaction: any bad row is a 400 listing up to
   * MAX_IMPORT_ERRORS of them, a day and site with live records a 409 naming the rows; nothing is stored
   * then, nor in a dry run. A figure already imported for the same key is replaced.
   */
  async import(year: number, sheets: ImportSheet[], dryRun: boolean, origin: ImportOrigin): Promise<ImportResult> {
    const edition = (await this.editions.list()).find((e) => e.year === year);
    if (!edition) throw new NotFoundException(`no edition ${year}`);
    // Only the edition's own sites: figures of another site would never count in its statistics.
    const siteIds = new Set(edition.siteIds);
    const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
    const checked = checkRows(sheets, { startsOn: edition.startsOn, endsOn: edition.endsOn, siteIds });
    const answer = (errors: ImportError[], accepted = 0, replaced = 0): ImportResult => ({ rows, accepted, replaced, dryRun, errors: errors.slice(0, MAX_IMPORT_ERRORS) });
    if (rows === 0 && checked.errors.length === 0) checked.errors.push({ row: 1, column: null, reason: 'empty_file', message: 'there are no rows to import' });
    if (checked.errors.length > 0) {
      const details = checked.errors.slice(0, MAX_IMPORT_ERRORS).map((e) => ({ path: errorPath(e, origin.source === 'json' || origin.source === 'demo'), message: e.message }));
      const shown = details.slice(0, 5).map((d) => `${d.path}: ${d.message}`).join('; ');
      throw new BadRequestException(refusal('invalid_input', `${checked.errors.length} bad row(s), nothing was imported: ${shown}`, details, answer(checked.errors)));
    }
    const figures = [...checked.traffic, ...checked.assistance];
    const pairs = [...new Map(figures.map((f) => [`${f.date}|${f.siteId}`, { day: f.date, siteId: f.siteId }])).values()];
    return this.transactions.run(async (tx) => {
      await this.history.lockDays(tx.manager, pairs.map((p) => p.day), 'exclusive');
      const live = new Set((await this.history.withLiveRecords(tx.manager, pairs)).map(pairKey));
      if (live.size > 0) {
        const errors = figures
          .filter((f) => live.has(`${f.date}|${f.siteId}`))
          .map((f): ImportError => ({ row: f.row, column: null, reason: 'live_data_present', message: `${f.siteId} already has live-recorded data on ${f.date}` }))
          .sort((a, b) => a.row - b.row);
        throw new ConflictException(refusal('live_data_present', `${live.size} day(s) and site(s) already hold live records: nothing was imported`, undefined, answer(errors)));
      }
      const replaced = (await this.history.upsertTraffic(tx.manager, year, checked.traffic)) + (await this.history.upsertAssistance(tx.manager, year, checked.assistance));
      const result = answer([], figures.length, replaced);
      if (dryRun) {
        // Rolls the writes back: a dry run answers exactly what the import would, replacements included.
        throw new DryRunDone(result);
      }
      await this.audit.imported(tx, origin.user, origin.address, { edition: year, source: origin.source, rows, accepted: result.accepted, replaced });
      return result;
    }).catch((e: unknown) => {
      if (e instanceof DryRunDone) return e.result;
      throw e;
    });
  }

  /**
   * Refuses (409 `already_imported`) live records for days and sites whose figures were imported: they
   * would count twice. Runs in the writer's transaction, holding those days shared until it ends.
   */
  async assertNotImported(tx: Tx, pairs: SiteDay[]): Promise<void> {
    if (pairs.length === 0) return;
    await this.history.lockDays(tx.manager, pairs.map((p) => p.day), 'shared');
    const imported = await this.history.withImports(tx.manager, pairs);
    if (imported.length > 0) {
      const named = imported.map((p) => `${p.siteId} on ${p.day}`).join(', ');
      throw new ConflictException(refusal('already_imported', `figures were imported for ${named}: live records there would count twice`));
    }
  }

  /** Whether any figure, recorded or imported, falls within an edition (the demo preloads only empty ones). */
  hasFigures(edition: Edition): Promise<boolean> {
    return this.history.hasFigures(edition.startsOn, edition.endsOn);
  }

  /**
   * People and vehicles per local day, site and direction over `from`..`to` (inclusive), recorded live or
   * imported: the history a forecast fits on. `siteIds` null means every site.
   */
  dailyFigures(siteIds: string[] | null, from: string, to: string): Promise<DailyFigureRow[]> {
    return this.history.dailyFigures(siteIds, from, to);
  }
}

/** Carries a dry run's answer out of its transaction, which it rolls back. */
class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}
