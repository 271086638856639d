import { stringify } from 'csv-stringify/sync';
import { CASE_CATEGORIES, CHANNELS, siteName, type SeasonStats } from '@marhaba/shared';
import type { ReportLabels } from './report-labels.js';

export type Cell = string | number | null;

/** One figure of the report: the section it belongs to, what it is, how it is counted, its value. */
export interface SummaryRow {
  section: string;
  item: string;
  measure: string;
  value: Cell;
}

export interface Table {
  title: string;
  header: string[];
  rows: Cell[][];
}

/** The key figures, in the order every format shows them. */
export function summaryRows(s: SeasonStats, L: ReportLabels): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const add = (section: string, item: string, measure: string, value: Cell) => rows.push({ section, item, measure, value });
  for (const [section, flow, peak, peakLabel] of [
    [L.arrivals, s.arrivals, s.peaks.arrivals, L.peakArrivals],
    [L.departures, s.departures, s.peaks.departures, L.peakDepartures],
  ] as const) {
    add(section, L.total, L.people, flow.people);
    add(section, L.total, L.vehicles, flow.vehicles);
    for (const channel of CHANNELS) add(section, L.channels[channel], L.people, flow.byChannel[channel]);
    add(section, peakLabel, peak?.date ?? '—', peak?.people ?? null);
  }
  add(L.assistance, L.total, L.cases, s.assistance.total);
  for (const c of CASE_CATEGORIES) add(L.assistance, L.categories[c], L.cases, s.assistance.byCategory[c]);
  add(L.centralOffice, L.total, L.processed, s.centralOffice.processed);
  for (const c of CASE_CATEGORIES) add(L.centralOffice, L.categories[c], L.processed, s.centralOffice.byCategory[c]);
  add(L.busStaging, L.total, L.passengers, s.busStaging.passengers);
  add(L.busStaging, L.total, L.buses, s.busStaging.buses);
  add(L.busStaging, L.total, L.minibuses, s.busStaging.minibuses);
  if (s.previous) {
    const p = s.previous;
    const section = `${L.previous(p.year)} — ${L.source[p.source]}`;
    for (const [item, value, change] of [
      [L.arrivals, p.arrivals, p.change.arrivals],
      [L.departures, p.departures, p.change.departures],
      [L.assistance, p.assistance, p.change.assistance],
      [L.centralOffice, p.centralOffice, p.change.centralOffice],
    ] as const) {
      add(section, item, L.people, value);
      add(section, item, L.change, change);
    }
  }
  return rows;
}

/** Spreadsheets read a text cell opening with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The one guard of every exported text cell: text a spreadsheet would run as a formula (an imported or
 * admin-edited site name such as `=HYPERLINK(…)`) is prefixed with an apostrophe, so that it shows as text.
 */
export function neutralised(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The previous edition's columns of a table, when it has figures per site and day (recorded or imported). */
const withPrevious = (s: SeasonStats) => (s.previous && s.previous.daily.length > 0 ? s.previous : null);

export function siteTable(s: SeasonStats, L: ReportLabels): Table {
  const arrivals = new Map(s.arrivals.bySite.map((f) => [f.siteId, f]));
  const departures = new Map(s.departures.bySite.map((f) => [f.siteId, f]));
  const cases = new Map(s.assistance.bySite.map((c) => [c.siteId, c]));
  const previous = withPrevious(s);
  const before = new Map((previous?.bySite ?? []).map((p) => [p.siteId, p]));
  const selected = s.sites.filter((site) => arrivals.has(site.id));
  const previousHeader = previous ? [L.arrivals, L.departures, L.assistance].map((what) => `${L.previous(previous.year)} — ${what}`) : [];
  return {
    title: L.bySite,
    header: [L.site, L.kind, L.countedInTotals, `${L.arrivals} — ${L.people}`, `${L.arrivals} — ${L.vehicles}`, `${L.departures} — ${L.people}`, `${L.departures} — ${L.vehicles}`, `${L.assistance} — ${L.cases}`, ...previousHeader],
    rows: selected
      .map((site): Cell[] => [
        siteName(site, L.lang),
        L.kinds[site.kind],
        site.countsTowardsTotals ? L.yes : L.no,
        arrivals.get(site.id)?.people ?? 0,
        arrivals.get(site.id)?.vehicles ?? 0,
        departures.get(site.id)?.people ?? 0,
        departures.get(site.id)?.vehicles ?? 0,
        cases.get(site.id)?.total ?? 0,
        ...(previous ? [before.get(site.id)?.arrivals ?? 0, before.get(site.id)?.departures ?? 0, before.get(site.id)?.assistance ?? 0] : []),
      ])
      .sort((a, b) => Number(b[3]) + Number(b[5]) - Number(a[3]) - Number(a[5])),
  };
}

export function assistanceTable(s: SeasonStats, L: ReportLabels): Table {
  const names = new Map(s.sites.map((site) => [site.id, siteName(site, L.lang)]));
  return {
    title: `${L.assistance} — ${L.bySite}`,
    header: [L.site, ...CASE_CATEGORIES.map((c) => L.categories[c]), L.total],
    rows: s.assistance.bySite.filter((c) => c.total > 0).map((c) => [names.get(c.siteId) ?? c.siteId, ...CASE_CATEGORIES.map((cat) => c.byCategory[cat]), c.total]),
  };
}

export function dailyTable(s: SeasonStats, L: ReportLabels): Table {
  const previous = withPrevious(s);
  if (!previous) return { title: L.daily, header: [L.date, L.arrivals, L.departures], rows: s.daily.map((d) => [d.date, d.arrivals, d.departures]) };
  const label = L.previous(previous.year);
  const before = new Map(previous.daily.map((p) => [p.date, p]));
  return {
    title: L.daily,
    header: [L.date, L.arrivals, L.departures, `${label} — ${L.date}`, `${label} — ${L.arrivals}`, `${label} — ${L.departures}`],
    rows: s.daily.map((d) => [d.date, d.arrivals, d.departures, before.get(d.date)?.previousDate ?? null, before.get(d.date)?.arrivals ?? 0, before.get(d.date)?.departures ?? 0]),
  };
}

/** Share of the expected hours that had data, in percent with one decimal; null when nothing was expected. */
export function completenessPercent(c: { hoursWithData: number; hoursExpected: number }): number | null {
  return c.hoursExpected === 0 ? null : Math.round((c.hoursWithData / c.hoursExpected) * 1000) / 10;
}

export function completenessTable(s: SeasonStats, L: ReportLabels): Table {
  const names = new Map(s.sites.map((site) => [site.id, siteName(site, L.lang)]));
  return {
    title: L.completeness,
    header: [L.site, L.hoursWithData, L.hoursExpected, L.completenessShare],
    rows: s.completeness.map((c) => [names.get(c.siteId) ?? c.siteId, c.hoursWithData, c.hoursExpected, completenessPercent(c)]),
  };
}

export function completenessDayTable(s: SeasonStats, L: ReportLabels): Table {
  const names = new Map(s.sites.map((site) => [site.id, siteName(site, L.lang)]));
  return {
    title: L.completenessByDay,
    header: [L.site, L.date, L.hoursWithData, L.hoursExpected],
    rows: s.completeness.flatMap((c) => c.days.map((d) => [names.get(c.siteId) ?? c.siteId, d.date, d.hoursWithData, d.hoursExpected])),
  };
}

/** The period and site a report covers, in words. */
export function scopeLine(s: SeasonStats, L: ReportLabels): string {
  const site = s.filters.siteId ? siteName(s.sites.find((x) => x.id === s.filters.siteId) ?? { name: s.filters.siteId }, L.lang) : L.allSites;
  return `${L.period}: ${s.filters.from} → ${s.filters.to} · ${L.site}: ${site}`;
}

/** CSV: every figure as one row `section, item, measure, value`, with a byte-order mark so that spreadsheets read UTF-8 (Arabic). */
export function toCsv(s: SeasonStats, L: ReportLabels): Buffer {
  const rows: Cell[][] = [[L.section, L.item, L.measure, L.value], ...summaryRows(s, L).map((r) => [r.section, r.item, r.measure, r.value])];
  const byDay = completenessDayTable(s, L);
  // One item per site and day: the site and the date together name it.
  const byDayItems: Table = { ...byDay, header: [L.site, ...byDay.header.slice(2)], rows: byDay.rows.map(([site, date, ...values]) => [`${site} — ${date}`, ...values]) };
  for (const table of [siteTable(s, L), assistanceTable(s, L), dailyTable(s, L), completenessTable(s, L), byDayItems]) {
    for (const row of table.rows) row.slice(1).forEach((value, i) => rows.push([table.title, String(row[0]), table.header[i + 1], value]));
  }
  return Buffer.from(`\uFEFF${stringify(rows.map((row) => row.map(neutralised)), { record_delimiter: '\r\n' })}`, 'utf8');
}

/** XLSX: the key figures, the sites, assistance by site, the daily series and completeness, one sheet each; right to left in Arabic. */
export async function toXlsx(s: SeasonStats, L: ReportLabels): Promise<Buffer> {
  // Loaded on the first export: exceljs takes a large part of a second to load, which every start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Marhaba Ops Console';
  book.title = L.title(s.year);
  book.subject = scopeLine(s, L);
  book.created = new Date();
  const sheet = (title: string, header: string[], rows: Cell[][]) => {
    // Sheet names: at most 31 characters, none of * ? : \ / [ ].
    const ws = book.addWorksheet(title.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31), { views: [{ rightToLeft: L.rtl, state: 'frozen', ySplit: 1 }] });
    ws.addRow(header.map(neutralised)).font = { bold: true };
    for (const row of rows) ws.addRow(row.map(neutralised));
    ws.columns.forEach((column, i) => (column.width = Math.min(48, Math.max(12, ...[header[i], ...rows.map((r) => r[i])].map((v) => String(v ?? '').length + 2)))));
  };
  sheet(L.keyFigures, [L.section, L.item, L.measure, L.value], summaryRows(s, L).map((r) => [r.section, r.item, r.measure, r.value]));
  for (const table of [siteTable(s, L), assistanceTable(s, L), dailyTable(s, L), completenessTable(s, L), completenessDayTable(s, L)]) sheet(table.title, table.header, table.rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}
