import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { ImportError, RawImportRow } from '@marhaba/shared';
import { readHeader, type ImportSheet } from './import-rows.js';

/** The ZIP signature that opens every XLSX file: told from CSV by content, whatever the file is called. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const fileError = (reason: 'empty_file' | 'unreadable_file', message: string): ImportError => ({ row: 1, column: null, reason, message });

/** Lines of cells with the number the user sees; the first is the header. */
type Lines = { row: number; cells: string[] }[];

function toSheet(lines: Lines): ImportSheet {
  const [header, ...body] = lines.filter((l) => l.cells.some((c) => c.trim() !== ''));
  if (!header) return { kind: 'traffic', rows: [], errors: [fileError('empty_file', 'the file has no header line')] };
  const { kind, columns, errors } = readHeader(header.cells);
  const rows = body.map(({ row, cells }) => {
    const values: RawImportRow = {};
    columns.forEach((column, i) => {
      if (column !== null) values[column] = cells[i] ?? '';
    });
    // Cells beyond the header are a column the header does not name.
    cells.slice(columns.length).forEach((cell, i) => {
      if (cell.trim() !== '') values[`column ${columns.length + i + 1}`] = cell;
    });
    return { row, values };
  });
  if (rows.length === 0 && errors.length === 0) errors.push(fileError('empty_file', 'the file has a header but no rows'));
  return { kind, rows, errors };
}

function csvLines(buffer: Buffer): Lines {
  const records = parse(buffer, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => ({ row: info.lines, cells: record }));
}

/** A cell of the first sheet as the text a user typed: dates as YYYY-MM-DD (Excel stores them as UTC midnight). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

async function xlsxLines(buffer: Buffer): Promise<Lines> {
  // Loaded on the first XLSX import, not at every start (a large part of a second).
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: Lines = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    lines.push({ row: rowNumber, cells: Array.from(values.slice(1), cellText) });
  });
  return lines;
}

/** Reads an uploaded CSV (UTF-8, with or without BOM) or XLSX (its first sheet) into rows of the kind its header says. */
export async function readImportFile(buffer: Buffer): Promise<{ format: 'csv' | 'xlsx'; sheet: ImportSheet }> {
  const format = buffer.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
  try {
    return { format, sheet: toSheet(format === 'xlsx' ? await xlsxLines(buffer) : csvLines(buffer)) };
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 120) : 'unknown error';
    return { format, sheet: { kind: 'traffic', rows: [], errors: [fileError('unreadable_file', `not a readable ${format.toUpperCase()} file: ${why}`)] } };
  }
}
