import type { ImportResult } from '@marhaba/shared';
import { request } from './http';

/** Sends a CSV or XLSX file of past daily figures; `dryRun` checks it and stores nothing. Refusals carry every bad row. */
export function importFile(edition: number, file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<ImportResult>('POST', '/api/imports', { query: { edition, dryRun: dryRun ? 'true' : undefined }, body: form });
}
