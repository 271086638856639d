import { describe, expect, it } from '@jest/globals';
import type { Site } from '@marhaba/shared';
import { percentChange, seasonFigures, totalsSiteIds } from './season-figures.js';

const site = (id: string, kind: Site['kind'], channel: Site['channel'], country = 'MA'): Site => ({ id, name: id, kind, channel, country, lat: 0, lon: 0, holdingArea: null, hourlyThresholdPeople: 100, active: true });
const sites = [site('port', 'port', 'sea'), site('air', 'airport', 'air'), site('rest', 'rest_area', 'sea'), site('abroad', 'port', 'sea', 'ES')];

describe(seasonFigures.name, () => {
  const sut = seasonFigures({
    days: ['2024-07-01', '2024-07-02'],
    sites,
    selectedSiteIds: sites.map((s) => s.id),
    totalsSiteIds: totalsSiteIds(sites, null),
    traffic: [
      { siteId: 'port', direction: 'arrival', mode: 'car', people: 40, vehicles: 10 },
      { siteId: 'air', direction: 'arrival', mode: 'plane', people: 180, vehicles: 0 },
      { siteId: 'rest', direction: 'departure', mode: 'bus', people: 50, vehicles: 1 },
      { siteId: 'rest', direction: 'departure', mode: 'minibus', people: 15, vehicles: 1 },
      { siteId: 'abroad', direction: 'arrival', mode: 'car', people: 30, vehicles: 8 },
    ],
    daily: [
      { day: '2024-07-01', direction: 'arrival', people: 200 },
      { day: '2024-07-02', direction: 'arrival', people: 20 },
    ],
    cases: [
      { siteId: 'port', category: 'customs', opened: 5, escalated: 4 },
      { siteId: 'abroad', category: 'information', opened: 3, escalated: 0 },
    ],
  });

  it('should count in the totals the crossings in Morocco only, and list every site', () => {
    expect(sut.arrivals).toMatchObject({ people: 220, vehicles: 10, byChannel: { sea: 40, air: 180 } });
    expect(sut.arrivals.bySite.map((f) => f.siteId)).toEqual(['air', 'port', 'abroad', 'rest']);
    expect(sut.departures.people).toBe(0);
  });

  it('should take bus staging from buses and minibuses at rest areas', () => {
    expect(sut.busStaging).toEqual({ passengers: 65, buses: 1, minibuses: 1 });
  });

  it('should give one day per date, the peaks, and the cases of every site', () => {
    expect(sut.daily).toEqual([
      { date: '2024-07-01', arrivals: 200, departures: 0 },
      { date: '2024-07-02', arrivals: 20, departures: 0 },
    ]);
    expect(sut.peaks).toEqual({ arrivals: { date: '2024-07-01', people: 200 }, departures: null });
    expect(sut.assistance.total).toBe(8);
    expect(sut.centralOffice).toEqual({ processed: 4, byCategory: { information: 0, administrative: 0, customs: 4, medical: 0, transport: 0 } });
  });
});

describe(percentChange.name, () => {
  it('should give the change in percent with two decimals', () => {
    expect(percentChange(3_761_589, 3_165_255)).toBe(18.84);
    expect(percentChange(5, null)).toBeNull();
    expect(percentChange(5, 0)).toBeNull();
  });
});
