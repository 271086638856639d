import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { operationDay, siteName, workingEdition, workingSites, type Edition, type EditionUpdate, type SiteNames, type SiteView } from '@marhaba/shared';
import { createEdition, listEditions, listSites, updateEdition, updateSite } from '../api/sites';
import { i18n } from '../i18n';

/** The reception sites and the editions they take part in (data, not code: the list changes from one edition to the next). */
export const useSitesStore = defineStore('sites', () => {
  const list = ref<SiteView[]>([]);
  const editions = ref<Edition[]>([]);
  const byId = computed(() => new Map(list.value.map((s) => [s.id, s])));
  /** The edition in progress, or the latest one: its sites are the ones the console offers. */
  const working = computed(() => workingEdition(editions.value, operationDay(new Date())));
  const active = computed(() => workingSites(list.value, editions.value, operationDay(new Date())));
  const withHolding = computed(() => active.value.filter((s) => s.holdingArea !== null));

  async function load(): Promise<void> {
    [list.value, editions.value] = await Promise.all([listSites(), listEditions()]);
  }

  /** The active sites of an edition (the statistics page shows the edition it reads). */
  const ofEdition = (year: number | null | undefined) => {
    const edition = editions.value.find((e) => e.year === year);
    return edition ? list.value.filter((s) => s.active && edition.siteIds.includes(s.id)) : active.value;
  };

  /** A site's name in the page's language. */
  const label = (site: Pick<SiteView, 'name' | 'names'>) => siteName(site, i18n.global.locale.value);
  const name = (siteId: string) => {
    const site = byId.value.get(siteId);
    return site ? label(site) : siteId;
  };

  // Admins: the server validates and answers the stored record, which replaces the one shown.
  function putEdition(edition: Edition): void {
    editions.value = [...editions.value.filter((e) => e.year !== edition.year), edition].sort((a, b) => a.year - b.year);
  }
  const addEdition = async (edition: Edition) => putEdition(await createEdition(edition));
  const changeEdition = async (year: number, changes: EditionUpdate) => putEdition(await updateEdition(year, changes));
  async function rename(siteId: string, names: Partial<SiteNames>): Promise<void> {
    const site = await updateSite(siteId, { names });
    list.value = list.value.map((s) => (s.id === site.id ? site : s));
  }

  return { list, editions, byId, working, active, withHolding, load, ofEdition, label, name, addEdition, changeEdition, rename };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSitesStore, import.meta.hot));
