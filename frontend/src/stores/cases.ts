import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { ApiErrorCode, CaseCategory, CaseStatus, CaseView, Priority } from '@marhaba/shared';
import { getCase, listCases, patchCase } from '../api/cases';
import { HttpError } from '../api/http';
import { failureOf } from '../i18n/failure';

export interface CaseFilters {
  siteId: string;
  category: CaseCategory | '';
  status: CaseStatus | '';
  priority: Priority | '';
}

/** Longest feed kept in memory; older cases are a click on "more" away. */
const MAX_FEED = 200;
const PAGE = 50;

export function matchesFilters(c: CaseView, filters: CaseFilters): boolean {
  return (
    (!filters.siteId || c.siteId === filters.siteId) &&
    (!filters.category || c.category === filters.category) &&
    (!filters.status || c.status === filters.status) &&
    (!filters.priority || c.priority === filters.priority)
  );
}

const newestFirst = (a: CaseView, b: CaseView) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id);

/** The feed of assistance cases: a filtered page from the API, kept current by the live `case` events. */
export const useCasesStore = defineStore('cases', () => {
  const filters = reactive<CaseFilters>({ siteId: '', category: '', status: '', priority: '' });
  const byId = ref<Record<string, CaseView>>({});
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  /** Why the last change failed: its code, for the screen to word (`errors.<code>`), and the server's text. */
  const error = ref<ApiErrorCode | null>(null);
  const errorDetail = ref('');
  /** Cases that arrived live since the page was loaded, to mark them as new. */
  const fresh = ref<Set<string>>(new Set());
  let generation = 0;

  const items = computed(() => Object.values(byId.value).filter((c) => matchesFilters(c, filters)).sort(newestFirst));

  function query() {
    return { siteId: filters.siteId || undefined, category: filters.category || undefined, status: filters.status || undefined, priority: filters.priority || undefined, limit: PAGE };
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await listCases(query());
      if (mine !== generation) return; // filters changed meanwhile: a newer load wins
      byId.value = Object.fromEntries(page.items.map((c) => [c.id, c]));
      nextCursor.value = page.nextCursor;
      fresh.value = new Set();
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await listCases({ ...query(), cursor: nextCursor.value });
    for (const c of page.items) byId.value[c.id] ??= c;
    nextCursor.value = page.nextCursor;
  }

  /** A case from a live event or an answer: kept when it matches the filters, newer versions win. */
  function upsert(c: CaseView, live = false): void {
    const current = byId.value[c.id];
    if (current && current.version > c.version) return;
    if (!matchesFilters(c, filters)) {
      if (current) delete byId.value[c.id];
      return;
    }
    byId.value[c.id] = c;
    if (live && !current) fresh.value.add(c.id);
    const ids = Object.values(byId.value).sort(newestFirst).map((x) => x.id);
    for (const id of ids.slice(MAX_FEED)) delete byId.value[id];
  }

  /** Applies a change with the version the coordinator saw; a 409 means someone else changed it first. */
  async function change(c: CaseView, patch: { status?: CaseStatus; assignee?: string }): Promise<boolean> {
    error.value = null;
    try {
      upsert(await patchCase(c.id, { version: c.version, changeId: crypto.randomUUID(), ...patch }));
      return true;
    } catch (e) {
      ({ code: error.value, detail: errorDetail.value } = failureOf(e));
      if (e instanceof HttpError && e.status === 409) upsert(await getCase(c.id));
      return false;
    }
  }

  const takeOver = (c: CaseView, username: string) => change(c, { assignee: username });
  const resolve = (c: CaseView) => change(c, { status: 'resolved' });

  function reset(): void {
    byId.value = {};
    nextCursor.value = null;
    fresh.value = new Set();
    error.value = null;
    errorDetail.value = '';
  }

  return { filters, items, nextCursor, loading, error, errorDetail, fresh, load, loadMore, upsert, takeOver, resolve, reset };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCasesStore, import.meta.hot));
