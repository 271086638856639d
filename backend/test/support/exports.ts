import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';

/** A file as the export routes send it. */
export async function download(baseUrl: string, path: string, token: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

/** CSV rows as spreadsheets read them (the byte-order mark dropped). */
export function csvRows(body: Buffer): string[][] {
  return parse(body, { bom: true, relax_column_count: false }) as string[][];
}

/** Every sheet's rows as plain values. */
export async function xlsxSheets(body: Buffer): Promise<Map<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const sheets = new Map<string, unknown[][]>();
  book.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    sheets.set(ws.name, rows);
  });
  return sheets;
}

/** The text of a PDF, with digit-group spaces removed so that figures read as plain numbers. */
export async function pdfText(body: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(body) });
  try {
    const { text } = await parser.getText();
    return text.replace(/(\d)[\s\u202f\u00a0.](?=\d{3}\b)/g, '$1');
  } finally {
    await parser.destroy();
  }
}
