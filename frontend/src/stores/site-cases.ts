import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import { isOpenCase, type CaseView } from '@marhaba/shared';
import { listOpenCases } from '../api/cases';

/**
 * The open cases of the assistant's site as the server knows them, kept current by the live `case`
 * events. In memory only: beneficiary profiles are not written to the tablet's storage.
 */
export const useSiteCasesStore = defineStore('siteCases', () => {
  const siteId = ref<string | null>(null);
  const byId = ref<Record<string, CaseView>>({});
  const loaded = ref(false);

  async function load(site: string): Promise<void> {
    if (siteId.value !== site) {
      byId.value = {};
      loaded.value = false;
    }
    siteId.value = site;
    const open = await listOpenCases(site);
    if (siteId.value !== site) return;
    byId.value = Object.fromEntries(open.map((c) => [c.id, c]));
    loaded.value = true;
  }

  /** A case from a live event: newer versions win, closed ones go. */
  function upsert(c: CaseView): void {
    if (c.siteId !== siteId.value) return;
    const current = byId.value[c.id];
    if (current && current.version >= c.version) return;
    if (!isOpenCase(c.status)) delete byId.value[c.id];
    else byId.value[c.id] = c;
  }

  function reset(): void {
    siteId.value = null;
    byId.value = {};
    loaded.value = false;
  }

  return { siteId, byId, loaded, load, upsert, reset };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSiteCasesStore, import.meta.hot));
