import { describe, expect, it } from 'vitest';
import type { AlertView, HoldingState, Site, SiteLive } from '@marhaba/shared';
import { expectedPeaks, siteLook, volumeSize } from './site-style';

const site: Site = { id: 'nador', name: 'Nador', kind: 'port', channel: 'sea', country: 'MA', lat: 35.2, lon: -2.9, holdingArea: { capacityVehicles: 1000 }, hourlyThresholdPeople: 1000, active: true };
const flows = (people: number) => ({ arrivals: { people, vehicles: 0 }, departures: { people: 0, vehicles: 0 } });
const holding = (vehiclesWaiting: number): HoldingState => ({ siteId: 'nador', capacityVehicles: 1000, vehiclesWaiting, occupancy: vehiclesWaiting / 1000, estimatedWaitMinutes: null, predictedWaitMinutes: null, reportedAt: null });
const live = (lastHour: number, waiting: number | null = null): SiteLive => ({
  siteId: 'nador', today: flows(lastHour), lastHour: flows(lastHour), holding: waiting === null ? null : holding(waiting),
  openCases: { information: 0, administrative: 0, customs: 0, medical: 0, transport: 0 },
});

describe('siteLook', () => {
  it('should grade traffic against the threshold as the alert rules do', () => {
    expect(siteLook(site, live(100)).level).toBe('calm');
    expect(siteLook(site, live(500)).level).toBe('busy');
    expect(siteLook(site, live(1001)).level).toBe('warning');
    expect(siteLook(site, live(1500)).level).toBe('critical');
    expect(siteLook(site, undefined)).toMatchObject({ level: 'calm', peopleLastHour: 0, holdingFill: null });
  });

  it('should take the worse of traffic and holding-area fill', () => {
    expect(siteLook(site, live(100, 960))).toMatchObject({ level: 'critical', holdingFill: 0.96 });
    expect(siteLook(site, live(1500, 100)).level).toBe('critical');
    expect(siteLook(site, live(0, 1300)).holdingFill).toBe(1);
  });

  it('should grow the marker with load, up to a limit', () => {
    const sizes = [0, 500, 1500, 9000].map((p) => siteLook(site, live(p)).size);
    expect(sizes[0]).toBeLessThan(sizes[1]);
    expect(sizes[1]).toBeLessThan(sizes[2]);
    expect(sizes[3]).toBe(sizes[2]);
  });
});

describe('volumeSize', () => {
  it('should grow the disc with the square root of the season volume, from the smallest marker to the largest', () => {
    expect(volumeSize(0, 1000)).toBe(22);
    expect(volumeSize(1000, 1000)).toBe(46);
    expect(volumeSize(250, 1000)).toBe(34);
    expect(volumeSize(5, 0)).toBe(22);
  });
});

describe('expectedPeaks', () => {
  const alert = (rule: AlertView['rule'], siteId: string, level: AlertView['level'], clearedAt: string | null = null): AlertView => ({
    id: `${rule}-${siteId}`, rule, level, siteId, subject: rule, details: { hour: '2024-08-28T16:00:00.000Z', expectedPeople: 900 },
    raisedAt: '2024-08-28T12:00:00Z', updatedAt: '2024-08-28T12:00:00Z', acknowledgedAt: null, acknowledgedBy: null, clearedAt,
  });

  it('should mark the sites with an active peak_expected alert, with its level and hour, and no others', () => {
    const sut = expectedPeaks([alert('peak_expected', 'nador', 'critical'), alert('traffic_surge', 'jebha', 'warning'), alert('peak_expected', 'al-hoceima', 'warning', '2024-08-28T13:00:00Z')]);
    expect([...sut.entries()]).toEqual([['nador', { level: 'critical', hour: '2024-08-28T16:00:00.000Z' }]]);
  });
});
