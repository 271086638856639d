import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  CASE_CATEGORIES,
  emptyCaseCounts,
  emptyFigures,
  isOpenCase,
  lastHourWaitMinutes,
  splitTotals,
  type AlertEvent,
  type AlertView,
  type CaseEvent,
  type HoldingEvent,
  type LiveSnapshot,
  type SiteLive,
  type TrafficEvent,
} from '@marhaba/shared';
import { LiveSequence, type DeltaOutcome } from '../realtime/live-sequence';
import { useSitesStore } from './sites';

export type { DeltaOutcome };

export type LiveDelta =
  | { kind: 'traffic'; event: TrafficEvent }
  | { kind: 'case'; event: CaseEvent }
  | { kind: 'alert'; event: AlertEvent }
  | { kind: 'holding'; event: HoldingEvent };

/** `retrying`: the socket is up but the snapshot could not be had; another try follows after `retryInMs`. */
export type ConnectionState = 'connecting' | 'live' | 'resyncing' | 'retrying' | 'reconnecting' | 'offline';

function deltaSiteId(delta: LiveDelta): string {
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

const positionOf = (delta: LiveDelta) => ({ siteId: deltaSiteId(delta), seq: delta.event.seq });

/**
 * The live picture of the operation: a snapshot, then deltas in per-site sequence order (the order
 * itself is `LiveSequence`'s business; this store reduces what it lets through). Plain data only; the
 * socket lives in `realtime/`, and tells the store what happened to the connection through its actions.
 * Sites are held in a shallow ref, each site object replaced whole by a delta, so that only what shows
 * that site re-renders.
 */
export const useLiveStore = defineStore('live', () => {
  const siteList = useSitesStore();
  const day = ref<string | null>(null);
  const sites = shallowRef<Record<string, SiteLive>>({});
  const alerts = ref<Record<string, AlertView>>({});
  const ready = ref(false);
  const connection = ref<ConnectionState>('connecting');
  const retryInMs = ref(0);
  const updatedAt = ref<Date | null>(null);
  const sequence = new LiveSequence<LiveDelta>(positionOf, (delta) => {
    apply(delta);
    updatedAt.value = new Date();
  });

  function setSite(siteId: string, change: (site: SiteLive) => SiteLive): void {
    const current = sites.value[siteId] ?? { siteId, today: emptyFigures(), lastHour: emptyFigures(), holding: null, openCases: emptyCaseCounts() };
    // A new object each time: views that receive the sites as a prop see the change.
    sites.value = { ...sites.value, [siteId]: change(current) };
  }

  function apply(delta: LiveDelta): void {
    switch (delta.kind) {
      case 'traffic':
        setSite(delta.event.siteId, (s) => ({
          ...s,
          today: delta.event.today,
          lastHour: delta.event.lastHour,
          // The queue estimate moves with the departures counted, between holding reports.
          holding: s.holding && { ...s.holding, predictedWaitMinutes: lastHourWaitMinutes(s.holding.vehiclesWaiting, delta.event.lastHour.departures.vehicles, new Date()) },
        }));
        break;
      case 'holding': {
        const { seq: _seq, ...holding } = delta.event;
        setSite(holding.siteId, (s) => ({ ...s, holding }));
        break;
      }
      case 'case': {
        // The category never changes and a case once closed stays closed, so a new open case adds one
        // and a case leaving the open statuses takes one away.
        const c = delta.event.case;
        const step = c.version === 1 && isOpenCase(c.status) ? 1 : c.version > 1 && !isOpenCase(c.status) ? -1 : 0;
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
    const outcome = sequence.receive(delta);
    ready.value = sequence.ready;
    return outcome;
  }

  /**
   * Replaces the picture, then replays the deltas that arrived meanwhile and are newer than it.
   * Returns false when the replay finds a gap again: ask for another snapshot.
   */
  function applySnapshot(snapshot: LiveSnapshot): boolean {
    day.value = snapshot.day;
    sites.value = Object.fromEntries(snapshot.sites.map((s) => [s.siteId, s]));
    alerts.value = Object.fromEntries(snapshot.alerts.filter((a) => !a.clearedAt).map((a) => [a.id, a]));
    updatedAt.value = new Date(snapshot.generatedAt);
    const complete = sequence.restart(snapshot.seq);
    ready.value = sequence.ready;
    connection.value = complete ? 'live' : 'resyncing';
    return complete;
  }

  /** An alert as an HTTP answer returned it (after an acknowledgement), unless a newer state is already here. */
  function mergeAlert(alert: AlertView): void {
    const current = alerts.value[alert.id];
    if (current && current.updatedAt > alert.updatedAt) return;
    if (alert.clearedAt) delete alerts.value[alert.id];
    else alerts.value[alert.id] = alert;
  }

  /** A snapshot is on its way (new connection, or a gap): keep showing the last picture, buffer deltas until it arrives. */
  function suspend(): void {
    sequence.suspend();
    ready.value = false;
    connection.value = 'resyncing';
  }

  /** Neither the socket nor HTTP gave a snapshot while the socket is up: the last picture stays, deltas wait, another try comes. */
  function snapshotFailed(nextTryInMs: number): void {
    retryInMs.value = nextTryInMs;
    connection.value = 'retrying';
  }

  /** The socket is down and socket.io is trying again: the last picture stays on screen meanwhile. */
  function connectionLost(): void {
    connection.value = 'reconnecting';
  }

  /** The socket has given up (retries exhausted, or the session was refused) until something starts it again. */
  function connectionStopped(): void {
    connection.value = 'offline';
  }

  function reset(): void {
    day.value = null;
    sites.value = {};
    alerts.value = {};
    ready.value = false;
    sequence.reset();
    connection.value = 'connecting';
  }

  /**
   * Today's and the last hour's figures as the statistics count them (`splitTotals`): the crossings make
   * the total, rest areas and ports abroad are summed apart. A site not yet in the site list (still
   * loading) is in neither until it is. Open cases count at every site.
   */
  const total = computed(() => {
    const known = Object.values(sites.value).flatMap((live) => {
      const site = siteList.byId.get(live.siteId);
      return site ? [{ site, live }] : [];
    });
    const today = splitTotals(known.map(({ site, live }) => ({ site, figures: live.today })));
    const lastHour = splitTotals(known.map(({ site, live }) => ({ site, figures: live.lastHour })));
    const openCases = emptyCaseCounts();
    for (const site of Object.values(sites.value)) for (const category of CASE_CATEGORIES) openCases[category] += site.openCases[category];
    return { today: today.crossings, lastHour: lastHour.crossings, apart: { today: today.apart, lastHour: lastHour.apart }, openCases };
  });

  /** Critical first, then the most recent. */
  const activeAlerts = computed(() =>
    Object.values(alerts.value).sort((a, b) => (a.level === b.level ? b.raisedAt.localeCompare(a.raisedAt) : a.level === 'critical' ? -1 : 1)),
  );

  const lastSeq = (siteId: string) => sequence.last(siteId);

  return { day, sites, alerts, ready, connection, retryInMs, updatedAt, total, activeAlerts, receive, applySnapshot, mergeAlert, suspend, snapshotFailed, connectionLost, connectionStopped, reset, lastSeq };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLiveStore, import.meta.hot));
