import { z } from 'zod';
import type { CaseCategory, Direction } from './enums.js';

/**
 * Past daily figures per site, the shape supervisors keep in spreadsheets (DESIGN.md, `POST /api/imports`).
 * A file holds one kind of rows, told by its header; a JSON body may carry both.
 */
export const IMPORT_COLUMNS = {
  traffic: ['date', 'siteId', 'direction', 'people', 'vehicles'],
  assistance: ['date', 'siteId', 'category', 'cases', 'escalated'],
} as const;
export type ImportKind = keyof typeof IMPORT_COLUMNS;

/** Rows a refusal lists at most: enough to fix a file, not a flood. */
export const MAX_IMPORT_ERRORS = 100;

/** Why a cell was refused: the console translates the code (`imports.reasons.<code>`); `message` is English. */
export const IMPORT_REASONS = [
  'required',
  'not_a_date',
  'outside_edition',
  'unknown_site',
  'unknown_direction',
  'unknown_category',
  'not_a_count',
  'more_escalated_than_cases',
  'duplicate_row',
  'unknown_column',
  'missing_column',
  'live_data_present',
  'empty_file',
  'unreadable_file',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

export interface ImportError {
  /** The line (CSV) or sheet row (XLSX) as the user sees it, the header being 1; the item's index + 1 in JSON. */
  row: number;
  /** The column at fault, or null for the whole row or file. */
  column: string | null;
  reason: ImportReason;
  message: string;
  /** For JSON bodies: `traffic` or `assistance`, the array the row is in. */
  kind?: ImportKind;
}

export interface ImportResult {
  /** Rows read. */
  rows: number;
  /** Rows stored (or that would be, in a dry run). */
  accepted: number;
  /** Of those, rows that replaced a figure already imported for the same key. */
  replaced: number;
  dryRun: boolean;
  errors: ImportError[];
}

/** An edition's year in a query string: the pattern alone says what is allowed (2000–2099), so documents and checks agree. */
const editionYear = z.string().regex(/^20\d\d$/, 'must be a year such as 2024').transform(Number);

export const importQuerySchema = z.strictObject({
  edition: editionYear,
  dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** A raw row as read from a file or a JSON body: values still unchecked (files give strings, JSON may give numbers). */
export type RawImportRow = Record<string, unknown>;

/** The JSON form of an import: rows are checked one by one by the server, so that every bad row is named. */
export const importBodySchema = z.strictObject({
  edition: z.int().min(2000).max(2099).optional(),
  dryRun: z.boolean().optional(),
  traffic: z.array(z.record(z.string(), z.unknown())).max(200_000).optional(),
  assistance: z.array(z.record(z.string(), z.unknown())).max(200_000).optional(),
});
export type ImportBody = z.infer<typeof importBodySchema>;

export interface TrafficDayFigure {
  date: string;
  siteId: string;
  direction: Direction;
  people: number;
  vehicles: number;
}

export interface AssistanceDayFigure {
  date: string;
  siteId: string;
  category: CaseCategory;
  cases: number;
  escalated: number;
}
