import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertView, CaseView, LiveSnapshot, SiteKind, SiteLive, SiteView, TrafficFigures } from '@marhaba/shared';
import { useLiveStore } from './live';
import { useSitesStore } from './sites';

const figures = (arrivals: number, departures = 0): TrafficFigures => ({ arrivals: { people: arrivals, vehicles: 0 }, departures: { people: departures, vehicles: 0 } });
const counts = () => ({ information: 0, administrative: 0, customs: 0, medical: 0, transport: 0 });
const site = (siteId: string, arrivals = 0): SiteLive => ({ siteId, today: figures(arrivals), lastHour: figures(arrivals), holding: null, openCases: counts() });

const reference = (id: string, kind: SiteKind, country = 'MA'): SiteView => ({
  id, name: id, names: { fr: id, ar: id, en: id }, kind, channel: 'sea', country, lat: 35, lon: -5, holdingArea: null, hourlyThresholdPeople: 1000, active: true,
});

function snapshot(seq: Record<string, number>, sites: SiteLive[] = [site('nador', 10), site('tanger-med', 100)]): LiveSnapshot {
  return { generatedAt: '2024-08-28T14:00:00Z', day: '2024-08-28', seq, sites, total: { today: figures(0), lastHour: figures(0), openCases: counts() }, alerts: [] };
}

const traffic = (siteId: string, seq: number, arrivals: number) => ({ kind: 'traffic' as const, event: { siteId, seq, today: figures(arrivals), lastHour: figures(arrivals) } });

function aCase(overrides: Partial<CaseView> = {}): CaseView {
  return {
    id: 'c1', siteId: 'nador', category: 'medical', subcategory: null, priority: 'high', status: 'open', beneficiary: null, summary: null, assignee: null,
    openedAt: '2024-08-28T14:00:00Z', escalatedAt: null, resolvedAt: null, createdAt: '2024-08-28T14:00:00Z', updatedAt: '2024-08-28T14:00:00Z', version: 1, ...overrides,
  };
}

function anAlert(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 'a1', rule: 'holding_capacity', level: 'critical', siteId: 'nador', subject: 'holding_capacity', details: { vehiclesWaiting: 960, capacityVehicles: 1000 },
    raisedAt: '2024-08-28T14:00:00Z', updatedAt: '2024-08-28T14:00:00Z', acknowledgedAt: null, acknowledgedBy: null, clearedAt: null, ...overrides,
  };
}

describe('useLiveStore', () => {
  let sut: ReturnType<typeof useLiveStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    useSitesStore().list = [reference('nador', 'port'), reference('tanger-med', 'port'), reference('aire-jorf', 'rest_area'), reference('almeria', 'port', 'ES')];
    sut = useLiveStore();
  });

  it('should buffer deltas until the snapshot, then replay only those newer than it', () => {
    expect(sut.receive(traffic('nador', 3, 30))).toBe('buffered');
    expect(sut.receive(traffic('nador', 4, 40))).toBe('buffered');
    expect(sut.applySnapshot(snapshot({ nador: 3, 'tanger-med': 7 }))).toBe(true);
    expect(sut.sites.nador.today.arrivals.people).toBe(40);
    expect(sut.lastSeq('nador')).toBe(4);
    expect(sut.total.today.arrivals.people).toBe(140);
  });

  it('should apply deltas in sequence and ignore ones already seen', () => {
    sut.applySnapshot(snapshot({ nador: 5 }));
    expect(sut.receive(traffic('nador', 6, 60))).toBe('applied');
    expect(sut.receive(traffic('nador', 6, 61))).toBe('stale');
    expect(sut.receive(traffic('nador', 2, 1))).toBe('stale');
    expect(sut.sites.nador.today.arrivals.people).toBe(60);
  });

  it('should report a gap, stop applying, and resume from a fresh snapshot', () => {
    sut.applySnapshot(snapshot({ nador: 5 }));
    expect(sut.receive(traffic('nador', 8, 80))).toBe('gap');
    expect(sut.ready).toBe(false);
    expect(sut.receive(traffic('nador', 9, 90))).toBe('buffered');
    expect(sut.sites.nador.today.arrivals.people).toBe(10);
    expect(sut.applySnapshot(snapshot({ nador: 8 }, [site('nador', 80)]))).toBe(true);
    expect(sut.sites.nador.today.arrivals.people).toBe(90);
    expect(sut.ready).toBe(true);
  });

  it('should say when the replay after a snapshot still has a gap', () => {
    sut.applySnapshot(snapshot({ nador: 1 }));
    sut.suspend();
    sut.receive(traffic('nador', 9, 90));
    expect(sut.applySnapshot(snapshot({ nador: 2 }))).toBe(false);
  });

  it('should count a new case as open and a resolved one as closed, per category', () => {
    sut.applySnapshot(snapshot({ nador: 0 }));
    sut.receive({ kind: 'case', event: { seq: 1, case: aCase() } });
    sut.receive({ kind: 'case', event: { seq: 2, case: aCase({ id: 'c2', category: 'customs' }) } });
    sut.receive({ kind: 'case', event: { seq: 3, case: aCase({ status: 'escalated', version: 2 }) } });
    expect(sut.sites.nador.openCases).toMatchObject({ medical: 1, customs: 1 });
    sut.receive({ kind: 'case', event: { seq: 4, case: aCase({ status: 'resolved', version: 3 }) } });
    expect(sut.sites.nador.openCases.medical).toBe(0);
    expect(sut.total.openCases.customs).toBe(1);
  });

  it('should keep active alerts, critical first, drop cleared ones, and not go back to an older state', () => {
    sut.applySnapshot(snapshot({ nador: 0, 'tanger-med': 0 }));
    sut.receive({ kind: 'alert', event: { seq: 1, alert: anAlert({ id: 'w', level: 'warning', raisedAt: '2024-08-28T14:05:00Z' }) } });
    sut.receive({ kind: 'alert', event: { seq: 2, alert: anAlert() } });
    expect(sut.activeAlerts.map((a) => a.id)).toEqual(['a1', 'w']);
    const acknowledged = anAlert({ acknowledgedAt: '2024-08-28T14:06:00Z', acknowledgedBy: 'coordinator', updatedAt: '2024-08-28T14:06:00Z' });
    sut.mergeAlert(acknowledged);
    sut.mergeAlert(anAlert());
    expect(sut.alerts.a1.acknowledgedBy).toBe('coordinator');
    sut.receive({ kind: 'alert', event: { seq: 3, alert: anAlert({ clearedAt: '2024-08-28T14:10:00Z' }) } });
    expect(sut.activeAlerts.map((a) => a.id)).toEqual(['w']);
  });

  it('should total the crossings only, and add rest areas and ports abroad apart', () => {
    sut.applySnapshot(snapshot({}, [site('nador', 10), site('aire-jorf', 5), site('almeria', 7), site('unknown', 1000)]));
    expect(sut.total.today.arrivals.people).toBe(10);
    expect(sut.total.lastHour.arrivals.people).toBe(10);
    expect(sut.total.apart.today.arrivals.people).toBe(12);
    expect(sut.total.apart.lastHour.arrivals.people).toBe(12);
  });

  it('should say how the connection stands as the socket tells it', () => {
    expect(sut.connection).toBe('connecting');
    sut.suspend();
    expect(sut.connection).toBe('resyncing');
    sut.applySnapshot(snapshot({ nador: 1 }));
    expect(sut.connection).toBe('live');
    sut.connectionLost();
    expect(sut.connection).toBe('reconnecting');
    sut.connectionStopped();
    expect(sut.connection).toBe('offline');
    sut.suspend();
    sut.receive(traffic('nador', 9, 90));
    expect(sut.applySnapshot(snapshot({ nador: 2 }))).toBe(false);
    expect(sut.connection).toBe('resyncing');
  });

  it('should say that a failed snapshot is tried again, keeping the last picture and buffering deltas until one comes', () => {
    sut.applySnapshot(snapshot({ nador: 1 }, [site('nador', 10)]));
    sut.suspend();
    sut.snapshotFailed(2_000);
    expect([sut.connection, sut.retryInMs, sut.ready, sut.sites.nador.today.arrivals.people]).toEqual(['retrying', 2_000, false, 10]);
    expect(sut.receive(traffic('nador', 2, 15))).not.toBe('applied');
    sut.applySnapshot(snapshot({ nador: 1 }, [site('nador', 10)]));
    expect([sut.connection, sut.sites.nador.today.arrivals.people]).toEqual(['live', 15]);
  });

  it('should update holding areas from holding deltas', () => {
    sut.applySnapshot(snapshot({ nador: 0 }));
    sut.receive({ kind: 'holding', event: { seq: 1, siteId: 'nador', capacityVehicles: 1000, vehiclesWaiting: 950, occupancy: 0.95, estimatedWaitMinutes: 300, predictedWaitMinutes: 190, reportedAt: '2024-08-28T14:00:00Z' } });
    expect(sut.sites.nador.holding).toEqual({ siteId: 'nador', capacityVehicles: 1000, vehiclesWaiting: 950, occupancy: 0.95, estimatedWaitMinutes: 300, predictedWaitMinutes: 190, reportedAt: '2024-08-28T14:00:00Z' });
  });

  it('should move the queue estimate with the departures of the last hour between holding reports', () => {
    vi.useFakeTimers({ now: new Date('2024-08-28T14:32:30Z'), toFake: ['Date'] });
    try {
      sut.applySnapshot(snapshot({ nador: 0 }));
      sut.receive({ kind: 'holding', event: { seq: 1, siteId: 'nador', capacityVehicles: 1000, vehiclesWaiting: 300, occupancy: 0.3, estimatedWaitMinutes: 200, predictedWaitMinutes: null, reportedAt: '2024-08-28T14:30:00Z' } });
      // 115 vehicles left in the last 57.5 minutes of buckets: 2 a minute, so 300 waiting clear in 150.
      const departures = { people: 460, vehicles: 115 };
      sut.receive({ kind: 'traffic', event: { siteId: 'nador', seq: 2, today: { arrivals: { people: 0, vehicles: 0 }, departures }, lastHour: { arrivals: { people: 0, vehicles: 0 }, departures } } });
      expect(sut.sites.nador.holding).toMatchObject({ vehiclesWaiting: 300, estimatedWaitMinutes: 200, predictedWaitMinutes: 150 });
    } finally {
      vi.useRealTimers();
    }
  });
});
