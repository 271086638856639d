import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Edition, ExportFormat, ReportLanguage, SeasonStats } from '@marhaba/shared';
import type { DownloadedFile } from '../api/http';
import { listEditions } from '../api/sites';
import { fetchSeasonExport, fetchSeasonStats } from '../api/stats';
import { normalizeSelection, sameSelection, statsQuery, type SelectionInput, type StatsSelection } from './stats-selection';

/** The end-of-season statistics the supervisor reads: the editions, the selection, and its figures. */
export const useStatsStore = defineStore('stats', () => {
  const editions = ref<Edition[]>([]);
  const selection = ref<StatsSelection | null>(null);
  const stats = ref<SeasonStats | null>(null);
  const loading = ref(false);
  /** Why the last load failed (the server's words), null after a success. */
  const error = ref<string | null>(null);
  const exporting = ref<ExportFormat | null>(null);
  const exportError = ref<string | null>(null);
  let inFlight: AbortController | null = null;

  const edition = computed(() => editions.value.find((e) => e.year === selection.value?.year) ?? null);
  /** Newest first, as the edition selector lists them. */
  const years = computed(() => editions.value.map((e) => e.year).sort((a, b) => b - a));

  async function loadEditions(): Promise<void> {
    if (editions.value.length === 0) editions.value = await listEditions();
  }

  /** Shows another selection (normalised to what the API accepts); the same one again loads nothing. */
  async function select(input: SelectionInput): Promise<StatsSelection | null> {
    try {
      await loadEditions();
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    }
    const next = normalizeSelection(input, editions.value);
    if (sameSelection(next, selection.value) && (stats.value || loading.value)) return next;
    selection.value = next;
    if (next) await load();
    return next;
  }

  /** Loads the figures of the current selection; an answer to an earlier selection is dropped. */
  async function load(): Promise<void> {
    const current = selection.value;
    if (!current) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    try {
      const answer = await fetchSeasonStats(current.year, statsQuery(current), controller.signal);
      if (inFlight !== controller) return;
      stats.value = answer;
      error.value = null;
    } catch (e) {
      if (inFlight !== controller || (e as Error).name === 'AbortError') return;
      // Figures of another selection would read as this one's: none rather than wrong ones.
      stats.value = null;
      error.value = (e as Error).message;
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  /** The current selection as a file in the given language; null (and `exportError`) when it failed. */
  async function exportFile(format: ExportFormat, lang: ReportLanguage): Promise<DownloadedFile | null> {
    const current = selection.value;
    if (!current) return null;
    exporting.value = format;
    exportError.value = null;
    try {
      return await fetchSeasonExport(current.year, format, statsQuery(current), lang);
    } catch (e) {
      exportError.value = (e as Error).message;
      return null;
    } finally {
      exporting.value = null;
    }
  }

  function reset(): void {
    inFlight?.abort();
    inFlight = null;
    selection.value = null;
    stats.value = null;
    loading.value = false;
    error.value = null;
    exportError.value = null;
  }

  return { editions, selection, stats, loading, error, exporting, exportError, edition, years, select, load, exportFile, reset };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStatsStore, import.meta.hot));
