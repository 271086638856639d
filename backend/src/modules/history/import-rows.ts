import {
  CASE_CATEGORIES,
  DIRECTIONS,
  IMPORT_COLUMNS,
  type AssistanceDayFigure,
  type ImportError,
  type ImportKind,
  type ImportReason,
  type RawImportRow,
  type TrafficDayFigure,
} from '@marhaba/shared';

/** Rows of one kind as read from a file or a JSON array: `row` is what the user sees (header = 1). */
export interface ImportSheet {
  kind: ImportKind;
  rows: { row: number; values: RawImportRow }[];
  /** Problems of the header itself (unknown or missing columns), found while reading. */
  errors: ImportError[];
}

export interface CheckContext {
  startsOn: string;
  endsOn: string;
  siteIds: ReadonlySet<string>;
}

export interface CheckedRows {
  traffic: (TrafficDayFigure & { row: number })[];
  assistance: (AssistanceDayFigure & { row: number })[];
  errors: ImportError[];
}

/** PostgreSQL `integer`: larger counts could not be stored, and no site sees two billion people a day. */
const MAX_COUNT = 2_147_483_647;

const error = (kind: ImportKind, row: number, column: string | null, reason: ImportReason, message: string): ImportError => ({ kind, row, column, reason, message });

/** A cell as text: files give strings (XLSX numbers and dates are turned into text when read), JSON may give numbers. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A count: a whole number from 0, written plainly (no sign, decimals, spaces or exponent). */
function count(value: unknown): number | null {
  const t = text(value);
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_COUNT ? n : null;
}

/**
 * Checks every row of the sheets against the edition and the sites, and finds duplicate keys within the
 * input: all errors are collected (the caller decides how many to show), so one pass names every bad row.
 */
export function checkRows(sheets: ImportSheet[], ctx: CheckContext): CheckedRows {
  const out: CheckedRows = { traffic: [], assistance: [], errors: sheets.flatMap((s) => s.errors) };
  for (const sheet of sheets) {
    const seen = new Map<string, number>();
    const [, , keyColumn, firstCount, secondCount] = IMPORT_COLUMNS[sheet.kind];
    const allowed: readonly string[] = sheet.kind === 'traffic' ? DIRECTIONS : CASE_CATEGORIES;
    const known = new Set<string>(IMPORT_COLUMNS[sheet.kind]);
    for (const { row, values } of sheet.rows) {
      const before = out.errors.length;
      const fail = (column: string | null, reason: ImportReason, message: string) => out.errors.push(error(sheet.kind, row, column, reason, message));
      for (const column of Object.keys(values)) if (!known.has(column)) fail(column, 'unknown_column', `unknown column ${column}: expected ${IMPORT_COLUMNS[sheet.kind].join(', ')}`);
      const date = text(values.date);
      if (date === '') fail('date', 'required', 'date is required');
      else if (!isCalendarDate(date)) fail('date', 'not_a_date', `${date} is not a date YYYY-MM-DD`);
      else if (date < ctx.startsOn || date > ctx.endsOn) fail('date', 'outside_edition', `${date} is outside the edition (${ctx.startsOn} to ${ctx.endsOn})`);
      const siteId = text(values.siteId);
      if (siteId === '') fail('siteId', 'required', 'siteId is required');
      else if (!ctx.siteIds.has(siteId)) fail('siteId', 'unknown_site', `unknown site ${siteId} in this edition`);
      const key = text(values[keyColumn]);
      if (key === '') fail(keyColumn, 'required', `${keyColumn} is required`);
      else if (!allowed.includes(key)) fail(keyColumn, sheet.kind === 'traffic' ? 'unknown_direction' : 'unknown_category', `${key} is not one of ${allowed.join(', ')}`);
      const counts = [firstCount, secondCount].map((column) => {
        const n = count(values[column]);
        if (n === null) {
          const given = text(values[column]);
          if (given === '') fail(column, 'required', `${column} is required`);
          else fail(column, 'not_a_count', `${given} is not a whole number of 0 or more`);
        }
        return n;
      });
      if (out.errors.length > before) continue;
      const [first, second] = counts as [number, number];
      if (sheet.kind === 'assistance' && second > first) {
        fail('escalated', 'more_escalated_than_cases', `escalated (${second}) exceeds cases (${first})`);
        continue;
      }
      const identity = `${date}|${siteId}|${key}`;
      const earlier = seen.get(identity);
      if (earlier !== undefined) {
        fail(null, 'duplicate_row', `same date, siteId and ${keyColumn} as row ${earlier}`);
        continue;
      }
      seen.set(identity, row);
      if (sheet.kind === 'traffic') out.traffic.push({ row, date, siteId, direction: key as TrafficDayFigure['direction'], people: first, vehicles: second });
      else out.assistance.push({ row, date, siteId, category: key as AssistanceDayFigure['category'], cases: first, escalated: second });
    }
  }
  out.errors.sort((a, b) => a.row - b.row);
  return out;
}

/**
 * Which kind of rows a header announces, and its problems: each header cell must be a column of that
 * kind (compared without case or surrounding spaces), and none may be missing.
 */
export function readHeader(cells: string[]): { kind: ImportKind; columns: (string | null)[]; errors: ImportError[] } {
  const names = cells.map((c) => c.trim());
  const canonical = (kind: ImportKind, name: string) => IMPORT_COLUMNS[kind].find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  const score = (kind: ImportKind) => names.filter((n) => canonical(kind, n) !== null).length;
  const kind: ImportKind = score('assistance') > score('traffic') ? 'assistance' : 'traffic';
  const columns = names.map((n) => canonical(kind, n));
  const errors: ImportError[] = [];
  names.forEach((name, i) => {
    if (columns[i] === null && name !== '') errors.push(error(kind, 1, name, 'unknown_column', `unknown column ${name}: expected ${IMPORT_COLUMNS[kind].join(', ')}`));
  });
  for (const column of IMPORT_COLUMNS[kind]) {
    if (!columns.includes(column)) errors.push(error(kind, 1, column, 'missing_column', `missing column ${column}`));
  }
  return { kind, columns, errors };
}

/** The arrays of a JSON import as sheets: an item's row is its index + 1, as a person counts. */
export function jsonSheets(body: { traffic?: readonly object[]; assistance?: readonly object[] }): ImportSheet[] {
  return (['traffic', 'assistance'] as const)
    .filter((kind) => body[kind] !== undefined)
    .map((kind) => ({ kind, rows: (body[kind] ?? []).map((values, i) => ({ row: i + 1, values: values as RawImportRow })), errors: [] }));
}
