import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  CASE_CATEGORIES,
  type AlertEvent,
  type AlertView,
  type CaseCounts,
  type CaseEvent,
  type HoldingEvent,
  type LiveSnapshot,
  type SiteLive,
  type TrafficEvent,
  type TrafficFigures,
} from '@marhaba/shared';

export type LiveDelta =
  | { kind: 'traffic'; event: TrafficEvent }
  | { kind: 'case'; event: CaseEvent }
  | { kind: 'alert'; event: AlertEvent }
  | { kind: 'holding'; event: HoldingEvent };

/**
 * What happened to a delta: applied; stale (already in the picture); buffered (no snapshot yet);
 * or gap (numbers were skipped: the picture is out of date until a fresh snapshot arrives).
 */
export type DeltaOutcome = 'applied' | 'stale' | 'buffered' | 'gap';

export type ConnectionState = 'connecting' | 'live' | 'resyncing' | 'reconnecting' | 'offline';

/** Deltas kept while waiting for a snapshot; past this the oldest go (the snapshot will cover them or show a gap). */
const MAX_BUFFERED = 5_000;

export function deltaSiteId(delta: LiveDelta): string {
  switch (delta.kind) {
    case 'traffic':
    case 'holding':
      return delta.event.siteId;
    case 'case':
      return delta.event.case.siteId;
    case 'alert':
      return delta.event.alert.siteId;
  }
}

function emptyCounts(): CaseCounts {
  return Object.fromEntries(CASE_CATEGORIES.map((c) => [c, 0])) as CaseCounts;
}

function emptyFigures(): TrafficFigures {
  return { arrivals: { people: 0, vehicles: 0 }, departures: { people: 0, vehicles: 0 } };
}

function addFigures(into: TrafficFigures, add: TrafficFigures): void {
  into.arrivals.people += add.arrivals.people;
  into.arrivals.vehicles += add.arrivals.vehicles;
  into.departures.people += add.departures.people;
  into.departures.vehicles += add.departures.vehicles;
}

/**
 * The live picture of the operation: a snapshot, then deltas in per-site sequence order. Plain data
 * only; the socket lives in `realtime/`. Sites are held in a shallow ref, each site object replaced
 * whole by a delta, so that only what shows that site re-renders.
 */
export const useLiveStore = defineStore('live', () => {
  const day = ref<string | null>(null);
  const sites = shallowRef<Record<string, SiteLive>>({});
  const alerts = ref<Record<string, AlertView>>({});
  const ready = ref(false);
  const connection = ref<ConnectionState>('connecting');
  const updatedAt = ref<Date | null>(null);
  const seq: Record<string, number> = {};
  let buffered: LiveDelta[] = [];

  function setSite(siteId: string, change: (site: SiteLive) => SiteLive): void {
    const current = sites.value[siteId] ?? { siteId, today: emptyFigures(), lastHour: emptyFigures(), holding: null, openCases: emptyCounts() };
    // A new object each time: views that receive the sites as a prop see the change.
    sites.value = { ...sites.value, [siteId]: change(current) };
  }

  function apply(delta: LiveDelta): void {
    switch (delta.kind) {
      case 'traffic':
        setSite(delta.event.siteId, (s) => ({ ...s, today: delta.event.today, lastHour: delta.event.lastHour }));
        break;
      case 'holding': {
        const { seq: _seq, ...holding } = delta.event;
        setSite(holding.siteId, (s) => ({ ...s, holding }));
        break;
      }
      case 'case': {
        // "Open" counts every case not resolved; the category never changes and resolved is final,
        // so a new case adds one and a case reaching resolved takes one away.
        const c = delta.event.case;
        const step = c.version === 1 && c.status !== 'resolved' ? 1 : c.version > 1 && c.status === 'resolved' ? -1 : 0;
        if (step !== 0) setSite(c.siteId, (s) => ({ ...s, openCases: { ...s.openCases, [c.category]: Math.max(0, s.openCases[c.category] + step) } }));
        break;
      }
      case 'alert': {
        const alert = delta.event.alert;
        if (alert.clearedAt) delete alerts.value[alert.id];
        else alerts.value[alert.id] = alert;
        break;
      }
    }
  }

  /** Applies a delta in sequence, or says why not. */
  function receive(delta: LiveDelta): DeltaOutcome {
    if (!ready.value) {
      buffered.push(delta);
      if (buffered.length > MAX_BUFFERED) buffered.shift();
      return 'buffered';
    }
    const siteId = deltaSiteId(delta);
    const last = seq[siteId] ?? 0;
    if (delta.event.seq <= last) return 'stale';
    if (delta.event.seq > last + 1) {
      ready.value = false;
      buffered.push(delta);
      return 'gap';
    }
    apply(delta);
    seq[siteId] = delta.event.seq;
    updatedAt.value = new Date();
    return 'applied';
  }

  /**
   * Replaces the picture, then replays the deltas that arrived meanwhile and are newer than it.
   * Returns false when the replay finds a gap again: ask for another snapshot.
   */
  function applySnapshot(snapshot: LiveSnapshot): boolean {
    day.value = snapshot.day;
    sites.value = Object.fromEntries(snapshot.sites.map((s) => [s.siteId, s]));
    alerts.value = Object.fromEntries(snapshot.alerts.filter((a) => !a.clearedAt).map((a) => [a.id, a]));
    for (const key of Object.keys(seq)) delete seq[key];
    Object.assign(seq, snapshot.seq);
    ready.value = true;
    updatedAt.value = new Date(snapshot.generatedAt);
    const replay = buffered;
    buffered = [];
    return replay.every((delta) => receive(delta) !== 'gap');
  }

  /** An alert as an HTTP answer returned it (after an acknowledgement), unless a newer state is already here. */
  function mergeAlert(alert: AlertView): void {
    const current = alerts.value[alert.id];
    if (current && current.updatedAt > alert.updatedAt) return;
    if (alert.clearedAt) delete alerts.value[alert.id];
    else alerts.value[alert.id] = alert;
  }

  /** A snapshot is on its way (new connection): keep showing the last picture, buffer deltas until it arrives. */
  function suspend(): void {
    ready.value = false;
  }

  function reset(): void {
    day.value = null;
    sites.value = {};
    alerts.value = {};
    ready.value = false;
    buffered = [];
    for (const key of Object.keys(seq)) delete seq[key];
    connection.value = 'connecting';
  }

  const total = computed(() => {
    const today = emptyFigures();
    const lastHour = emptyFigures();
    const openCases = emptyCounts();
    for (const site of Object.values(sites.value)) {
      addFigures(today, site.today);
      addFigures(lastHour, site.lastHour);
      for (const category of CASE_CATEGORIES) openCases[category] += site.openCases[category];
    }
    return { today, lastHour, openCases };
  });

  /** Critical first, then the most recent. */
  const activeAlerts = computed(() =>
    Object.values(alerts.value).sort((a, b) => (a.level === b.level ? b.raisedAt.localeCompare(a.raisedAt) : a.level === 'critical' ? -1 : 1)),
  );

  const lastSeq = (siteId: string) => seq[siteId] ?? 0;

  return { day, sites, alerts, ready, connection, updatedAt, total, activeAlerts, receive, applySnapshot, mergeAlert, suspend, reset, lastSeq };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLiveStore, import.meta.hot));
