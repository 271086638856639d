import { Injectable, NotFoundException } from '@nestjs/common';
import {
  addDays,
  CASE_CATEGORIES,
  countsTowardsTotals,
  daysApart,
  daysBetween,
  nextDay,
  operationDay,
  operationDayStart,
  type AuthUser,
  type Edition,
  type ExportFormat,
  type SeasonExportQuery,
  type PreviousDay,
  type PreviousEdition,
  type PreviousSite,
  type SeasonStats,
  type SeasonStatsQuery,
  type Site,
  type SiteCompleteness,
} from '@marhaba/shared';
import { invalidField } from '../../common/zod.js';
import { AuditService } from '../audit/audit.service.js';
import { referenceEditions, type PublishedFigures } from '../../reference/reference-data.js';
import { EditionsService } from '../editions/editions.service.js';
import { SitesService } from '../sites/sites.service.js';
import { REPORT_LABELS } from './report-labels.js';
import { toCsv, toXlsx } from './report-content.js';
import { percentChange, previousBySite, seasonFigures, totalsSiteIds, type SeasonFigures } from './season-figures.js';
import { StatsRepository } from './stats.repository.js';
import { siteCompleteness } from './completeness.js';

interface Selection {
  from: string;
  to: string;
  siteId: string | null;
}

const EXPORT_CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' };

/** Published totals of an edition, as the figures compared with (null where not published). */
function publishedTotals(p: PublishedFigures | undefined): Omit<PreviousEdition, 'year' | 'source' | 'change' | 'bySite' | 'daily'> {
  const assistance = p?.assistance;
  const complete = assistance !== undefined && CASE_CATEGORIES.every((c) => assistance[c] !== undefined);
  return {
    arrivals: p?.arrivals ?? null,
    departures: p?.departures ?? null,
    assistance: complete ? CASE_CATEGORIES.reduce((sum, c) => sum + (assistance[c] ?? 0), 0) : null,
    centralOffice: p?.centralOffice ?? null,
  };
}

function editionSites<S extends Site>(sites: S[], edition: Edition): S[] {
  return sites.filter((s) => edition.siteIds.includes(s.id));
}

@Injectable()
export class StatsService {
  private readonly published = referenceEditions().published;

  constructor(
    private readonly stats: StatsRepository,
    private readonly sites: SitesService,
    private readonly editions: EditionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The statistics of an edition, optionally narrowed to local days `from`..`to` and one site.
   * A year with no edition is a 404 (there are no dates to count over); an edition with no data is zeros.
   */
  async season(year: number, query: SeasonStatsQuery): Promise<SeasonStats> {
    const editions = await this.editions.list();
    const edition = editions.find((e) => e.year === year);
    if (!edition) {
      throw new NotFoundException(`no edition ${year}: known editions are ${editions.map((e) => e.year).join(', ') || 'none'}`);
    }
    const selection: Selection = { from: query.from ?? edition.startsOn, to: query.to ?? edition.endsOn, siteId: query.siteId ?? null };
    for (const key of ['from', 'to'] as const) {
      if (selection[key] < edition.startsOn || selection[key] > edition.endsOn) {
        throw invalidField(key, `must be within the ${year} edition (${edition.startsOn} to ${edition.endsOn})`);
      }
    }
    if (selection.from > selection.to) throw invalidField('to', 'must not be before from');
    const allSites = await this.sites.list();
    if (selection.siteId !== null && !allSites.some((s) => s.id === selection.siteId)) throw invalidField('siteId', `unknown site ${selection.siteId}`);
    // Only the edition's sites count in its statistics: a site added later (or dropped) does not.
    const sites = editionSites(allSites, edition);
    if (selection.siteId !== null && !edition.siteIds.includes(selection.siteId)) {
      throw invalidField('siteId', `${selection.siteId} is not a site of the ${year} edition`);
    }

    const figures = await this.figures(sites, selection);
    return {
      year,
      edition: { year: edition.year, startsOn: edition.startsOn, endsOn: edition.endsOn },
      filters: selection,
      sites: sites.map((s) => ({ id: s.id, name: s.name, names: s.names, kind: s.kind, channel: s.channel, countsTowardsTotals: countsTowardsTotals(s) })),
      ...figures,
      previous: await this.previous(edition, editions, allSites, selection, figures),
      completeness: await this.completeness(edition, sites, selection, new Date()),
    };
  }

  /** Reporting completeness of the selected sites over the selected days that have begun. */
  private async completeness(edition: Edition, sites: Site[], selection: Selection, now: Date): Promise<SiteCompleteness[]> {
    const selected = selection.siteId ? [selection.siteId] : sites.map((s) => s.id);
    const today = operationDay(now);
    const days = selection.from > today ? [] : daysBetween(selection.from, selection.to < today ? selection.to : today);
    const rows = await this.stats.reportedHours(operationDayStart(edition.startsOn), operationDayStart(nextDay(edition.endsOn)), selection.siteId ? selected : null);
    return siteCompleteness(rows, selected, days);
  }

  /** The same statistics as a file, in the language asked for; who exported what is audited before it is sent. */
  async export(user: AuthUser, address: string, year: number, format: ExportFormat, query: SeasonExportQuery): Promise<{ body: Buffer; contentType: string; filename: string }> {
    const { lang, ...filters } = query;
    const stats = await this.season(year, filters);
    const labels = REPORT_LABELS[lang];
    const suffix = [filters.siteId, filters.from && filters.to ? `${filters.from}_${filters.to}` : null, lang].filter(Boolean).join('-');
    const filename = `marhaba-${year}-stats-${suffix}.${format}`;
    // The PDF side (pdfmake, fontkit, bidi-js: most of a second to load) is loaded on the first PDF, not at every start.
    const body = format === 'csv' ? toCsv(stats, labels) : format === 'xlsx' ? await toXlsx(stats, labels) : await (await import('./report-pdf.js')).toPdf(stats, labels);
    await this.audit.exported(user, address, year, format, query);
    return { body, contentType: EXPORT_CONTENT_TYPES[format], filename };
  }


  private async figures(sites: Site[], selection: Selection): Promise<SeasonFigures> {
    const { from, to, siteId } = selection;
    const selected = siteId ? [siteId] : null;
    const totals = totalsSiteIds(sites, siteId);
    const [traffic, daily, cases] = await Promise.all([
      this.stats.trafficBySite(from, to, selected),
      this.stats.dailyPeople(from, to, [...totals]),
      this.stats.casesBySite(from, to, selected),
    ]);
    return seasonFigures({ days: daysBetween(from, to), sites, selectedSiteIds: selected ?? sites.map((s) => s.id), totalsSiteIds: totals, traffic, daily, cases });
  }

  /**
   * The previous edition's totals: computed from this database when it holds data for that edition (over
   * the same site and the same days counted from the edition's start), else the published figures, which
   * only compare with a whole, unfiltered season.
   */
  private async previous(edition: Edition, editions: Edition[], sites: Site[], selection: Selection, current: SeasonFigures): Promise<PreviousEdition | null> {
    const years = [...editions.map((e) => e.year), ...this.published.map((p) => p.year)].filter((y) => y < edition.year);
    if (years.length === 0) return null;
    const year = Math.max(...years);
    const earlier = editions.find((e) => e.year === year);
    let source: PreviousEdition['source'] = 'reference';
    let totals: Omit<PreviousEdition, 'year' | 'source' | 'change' | 'bySite' | 'daily'>;
    let bySite: PreviousSite[] = [];
    let daily: PreviousDay[] = [];
    if (earlier && (await this.stats.hasRecords(earlier.startsOn, earlier.endsOn))) {
      const shift = (day: string) => addDays(earlier.startsOn, daysApart(edition.startsOn, day));
      const to = shift(selection.to) < earlier.endsOn ? shift(selection.to) : earlier.endsOn;
      const from = shift(selection.from);
      // A site that was not part of the earlier edition counted nothing there.
      const member = selection.siteId === null || earlier.siteIds.includes(selection.siteId);
      const figures = from <= to && member ? await this.figures(editionSites(sites, earlier), { from, to, siteId: selection.siteId }) : null;
      source = 'recorded';
      totals = {
        arrivals: figures?.arrivals.people ?? 0,
        departures: figures?.departures.people ?? 0,
        assistance: figures?.assistance.total ?? 0,
        centralOffice: figures?.centralOffice.processed ?? 0,
      };
      bySite = previousBySite(current, figures);
      const previousDays = new Map((figures?.daily ?? []).map((d) => [d.date, d]));
      daily = current.daily.map((d) => {
        const day = shift(d.date);
        const found = previousDays.get(day);
        return { date: d.date, previousDate: day <= earlier.endsOn ? day : null, arrivals: found?.arrivals ?? 0, departures: found?.departures ?? 0 };
      });
    } else {
      const whole = selection.from === edition.startsOn && selection.to === edition.endsOn && selection.siteId === null;
      totals = publishedTotals(whole ? this.published.find((p) => p.year === year) : undefined);
    }
    return {
      year,
      source,
      ...totals,
      change: {
        arrivals: percentChange(current.arrivals.people, totals.arrivals),
        departures: percentChange(current.departures.people, totals.departures),
        assistance: percentChange(current.assistance.total, totals.assistance),
        centralOffice: percentChange(current.centralOffice.processed, totals.centralOffice),
      },
      bySite,
      daily,
    };
  }
}
