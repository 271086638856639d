import type { ExportFormat, ReportLanguage, SeasonStats, SeasonStatsQuery } from '@marhaba/shared';
import { fetchFile, request, type DownloadedFile } from './http';

const seasonPath = (year: number) => `/api/stats/season/${encodeURIComponent(String(year))}`;

export const fetchSeasonStats = (year: number, query: SeasonStatsQuery, signal?: AbortSignal) => request<SeasonStats>('GET', seasonPath(year), { query: { ...query }, signal });

/** The same figures as a file (CSV, XLSX or PDF) in the given language. */
export const fetchSeasonExport = (year: number, format: ExportFormat, query: SeasonStatsQuery, lang: ReportLanguage): Promise<DownloadedFile> =>
  fetchFile(`${seasonPath(year)}/export.${format}`, `marhaba-${year}-stats-${lang}.${format}`, { query: { ...query, lang } });
