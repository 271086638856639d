import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditEntry, AuditQuery } from '@marhaba/shared';
import { listAudit } from '../api/audit';

export type AuditFilters = Pick<AuditQuery, 'kind' | 'actor' | 'siteId'>;

/** The audit log for admins: newest first, a page at a time. */
export const useAuditStore = defineStore('audit', () => {
  const entries = ref<AuditEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  let filters: AuditFilters = {};

  async function load(next: AuditFilters): Promise<void> {
    filters = next;
    const page = await listAudit(filters);
    entries.value = page.items;
    nextCursor.value = page.nextCursor;
  }

  async function more(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await listAudit({ ...filters, cursor: nextCursor.value });
    entries.value = [...entries.value, ...page.items];
    nextCursor.value = page.nextCursor;
  }

  return { entries, nextCursor, load, more };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuditStore, import.meta.hot));
