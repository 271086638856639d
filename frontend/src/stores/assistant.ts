import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { modesAt, operationDay, workingSites, type Direction, type Mode, type ModeFlows, type SiteView } from '@marhaba/shared';
import { listEditions, listSites } from '../api/sites';

/** People per vehicle (per group on foot, per plane) proposed for a tap, until the assistant changes it. */
export const DEFAULT_PEOPLE: Record<Mode, number> = { car: 4, bus: 50, minibus: 15, motorcycle: 2, foot: 1, plane: 150 };

export interface RecentTap {
  id: string;
  direction: Direction;
  mode: Mode;
  people: number;
  at: string;
  undone?: boolean;
}

const RECENT_TAPS = 8;

const KEYS = { sites: 'marhaba.assistant.sites', siteId: 'marhaba.assistant.site', people: 'marhaba.assistant.people', today: 'marhaba.assistant.today' } as const;

function read<T>(key: string): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
const write = (key: string, value: unknown) => globalThis.localStorage?.setItem(key, JSON.stringify(value));

/**
 * The site assistant's working context, kept on the tablet so that the app opens with no network: the
 * sites they work at, the one chosen, people per vehicle, and the last known figures of today. None of
 * it is about travellers; all of it goes at logout.
 */
export const useAssistantStore = defineStore('assistant', () => {
  const sites = ref<SiteView[]>(read<SiteView[]>(KEYS.sites) ?? []);
  const siteId = ref<string | null>(read<string>(KEYS.siteId));
  const people = ref<Record<Mode, number>>({ ...DEFAULT_PEOPLE, ...read<Partial<Record<Mode, number>>>(KEYS.people) });
  /** Today's figures per mode as last received, to show offline after a reload. */
  const lastToday = ref<{ siteId: string; day: string; flows: ModeFlows } | null>(read(KEYS.today));

  /** This session's last taps, newest first, for the undo list (memory only). */
  const recentTaps = ref<RecentTap[]>([]);

  const site = computed(() => sites.value.find((s) => s.id === siteId.value) ?? sites.value[0]);
  /** Modes counted at the site, as the server checks them (planes at airports and only there). */
  const modes = computed(() => (site.value ? modesAt(site.value.kind) : []));

  watch(people, (value) => write(KEYS.people, value), { deep: true, flush: 'sync' });
  watch(siteId, (value) => write(KEYS.siteId, value), { flush: 'sync' });
  watch(lastToday, (value) => write(KEYS.today, value), { flush: 'sync' });

  /** The sites of this assistant in the working edition, from the server when it answers; the last list otherwise. */
  async function loadSites(allowed: string[]): Promise<void> {
    try {
      const [all, editions] = await Promise.all([listSites(), listEditions()]);
      sites.value = workingSites(all, editions, operationDay(new Date())).filter((s) => allowed.includes(s.id));
      write(KEYS.sites, sites.value);
    } catch {
      // Offline: the list from the last visit stays.
    }
    if (!sites.value.some((s) => s.id === siteId.value)) siteId.value = sites.value[0]?.id ?? null;
  }

  function rememberTap(tap: RecentTap): void {
    recentTaps.value = [tap, ...recentTaps.value].slice(0, RECENT_TAPS);
  }

  function setPeople(mode: Mode, value: number): void {
    people.value[mode] = Math.max(1, Math.min(mode === 'plane' ? 600 : 100, Math.round(value)));
  }

  function clear(): void {
    sites.value = [];
    siteId.value = null;
    people.value = { ...DEFAULT_PEOPLE };
    lastToday.value = null;
    recentTaps.value = [];
    for (const key of Object.values(KEYS)) globalThis.localStorage?.removeItem(key);
  }

  return { sites, siteId, site, modes, people, lastToday, recentTaps, loadSites, setPeople, rememberTap, clear };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAssistantStore, import.meta.hot));
