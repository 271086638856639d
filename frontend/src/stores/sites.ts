import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Site } from '@marhaba/shared';
import { listSites } from '../api/sites';

/** The reception sites (data, not code: the list changes from one edition to the next). */
export const useSitesStore = defineStore('sites', () => {
  const list = ref<Site[]>([]);
  const byId = computed(() => new Map(list.value.map((s) => [s.id, s])));
  const active = computed(() => list.value.filter((s) => s.active));
  const withHolding = computed(() => active.value.filter((s) => s.holdingArea !== null));

  async function load(): Promise<void> {
    list.value = await listSites();
  }

  const name = (siteId: string) => byId.value.get(siteId)?.name ?? siteId;

  return { list, byId, active, withHolding, load, name };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSitesStore, import.meta.hot));
