import { describe, expect, it } from '@jest/globals';
import { CASE_CATEGORIES, countsTowardsTotals, daysBetween, type Site } from '@marhaba/shared';
import { referenceEditions, referenceSites } from '../reference/reference-data.js';
import { seasonBudget } from './season-budget.js';
import { seasonTargets } from './season-model.js';

const days = daysBetween('2024-06-05', '2024-09-15');
const sites: Site[] = referenceSites().filter((s) => s.active);
const targets = seasonTargets(2024, referenceEditions().published, 0.1);
const sum = (map: Map<string, number[]>) => [...map.values()].flat().reduce((a, b) => a + b, 0);

describe(seasonBudget.name, () => {
  const sut = seasonBudget(2024, days, sites, targets, 'marhaba');

  it('should share the traffic targets out exactly, over crossing points only', () => {
    expect(sum(sut.people.arrival)).toBe(targets.arrivals.sea + targets.arrivals.air);
    expect(sum(sut.people.departure)).toBe(targets.departures.sea + targets.departures.air);
    const byId = new Map(sites.map((s) => [s.id, s]));
    expect([...sut.people.arrival.keys()].every((id) => countsTowardsTotals(byId.get(id)!))).toBe(true);
  });

  it('should share the cases, escalations and staged buses out exactly', () => {
    for (const c of CASE_CATEGORIES) expect(sum(sut.cases.get(c)!)).toBe(targets.cases[c]);
    expect(CASE_CATEGORIES.reduce((total, c) => total + sum(sut.escalated.get(c)!), 0)).toBe(targets.escalated);
    expect(sut.bus.siteId).toBe('mediterranee');
    expect(sut.bus.buses.reduce((a, b) => a + b, 0)).toBe(targets.busStaging.buses);
    expect(sut.bus.passengers.reduce((a, b) => a + b, 0)).toBe(targets.busStaging.passengers);
  });

  it('should make 28 August the busiest day of departures', () => {
    const record = days.indexOf('2024-08-28');
    expect(Math.max(...sut.weights.departure)).toBe(sut.weights.departure[record]);
  });
});
