import { beforeAll, describe, expect, it } from '@jest/globals';
import { countsTowardsTotals, operationDay, weekdayOf, type Site } from '@marhaba/shared';
import { referenceEditions, referenceSites } from '../reference/reference-data.js';
import { SeasonModel, seasonTargets } from './season-model.js';
import type { DayPlan } from './season-plan.js';
import { addToTally, emptyTally, type SeasonTally } from './season-tally.js';

const edition = { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' };
const sites: Site[] = referenceSites();
const byId = new Map(sites.map((s) => [s.id, s]));
const published = referenceEditions().published;

function dailyPeople(plan: DayPlan): { arrivals: number; departures: number } {
  const day = { arrivals: 0, departures: 0 };
  for (const { movement: m } of plan.movements) {
    if (countsTowardsTotals(byId.get(m.siteId)!)) day[m.direction === 'arrival' ? 'arrivals' : 'departures'] += m.people;
  }
  return day;
}

describe(SeasonModel.name, () => {
  describe('the full 2024 season, generated in memory', () => {
    const sut = new SeasonModel(edition, sites, seasonTargets(2024, published), 'marhaba');
    const tally: SeasonTally = emptyTally();
    const daily: { date: string; arrivals: number; departures: number }[] = [];
    const problems: string[] = [];

    beforeAll(() => {
      for (let i = 0; i < sut.days.length; i++) {
        const plan = sut.planDay(i);
        addToTally(tally, plan, byId);
        daily.push({ date: plan.day, ...dailyPeople(plan) });
        for (const { at, movement: m } of plan.movements) {
          const site = byId.get(m.siteId)!;
          if ((m.mode === 'plane') !== (site.kind === 'airport')) problems.push(`${m.mode} at ${site.kind}`);
          if ((m.mode === 'plane' || m.mode === 'foot') && m.vehicles !== 0) problems.push(`${m.mode} with vehicles`);
          if (m.people > 10_000 || m.vehicles > 5_000 || m.people < 0) problems.push(`counts ${m.people}/${m.vehicles}`);
          if (operationDay(new Date(m.occurredAt)) !== plan.day || Date.parse(m.occurredAt) !== at) problems.push(`${m.occurredAt} outside ${plan.day}`);
        }
      }
    }, 180_000);

    it("should add up exactly to the 2024 report's figures", () => {
      expect(tally.arrivals.people).toBe(3_761_589);
      expect(tally.arrivals.byChannel).toEqual({ sea: 1_972_542, air: 1_789_047 });
      expect(tally.assistance).toEqual({ information: 98_310, administrative: 27_011, customs: 15_244, medical: 13_714, transport: 1_628 });
      expect(tally.escalated).toBe(43_883);
      expect(tally.busStaging).toEqual({ passengers: 12_328, buses: 218, minibuses: 63 });
      expect(tally.departures.people).toBe(3_498_278);
    });

    it('should peak near 70,000 arrivals a day in July–August and break the departures record on 28 August', () => {
      const arrivals = daily.reduce((best, d) => (d.arrivals > best.arrivals ? d : best));
      const departures = daily.reduce((best, d) => (d.departures > best.departures ? d : best));
      expect(arrivals.date >= '2024-07-01' && arrivals.date <= '2024-08-31').toBe(true);
      expect(arrivals.arrivals).toBeGreaterThan(65_000);
      expect(arrivals.arrivals).toBeLessThan(76_000);
      expect(departures.date).toBe('2024-08-28');
      expect(departures.departures).toBeGreaterThan(78_000);
      expect(daily[0].arrivals).toBeLessThan(arrivals.arrivals / 3);
    });

    it('should be busier at weekends on the plateau', () => {
      const plateau = daily.filter((d) => d.date >= '2024-07-15' && d.date <= '2024-08-04');
      const weekend = plateau.filter((d) => [0, 6].includes(weekdayOf(d.date)));
      const week = plateau.filter((d) => [1, 2, 3].includes(weekdayOf(d.date)));
      const mean = (days: typeof plateau) => days.reduce((s, d) => s + d.arrivals, 0) / days.length;
      expect(mean(weekend)).toBeGreaterThan(mean(week) * 1.1);
    });

    it('should send only movements the backend accepts, each in its own local day', () => {
      expect(problems.slice(0, 5)).toEqual([]);
      expect(tally.movements).toBeGreaterThan(1_000_000);
    });
  });

  it('should unload a port in bursts: a sailing brings hundreds within the hour', () => {
    const sut = new SeasonModel(edition, sites, seasonTargets(2024, published), 'marhaba');
    const plan = sut.planDay(sut.dayIndex('2024-07-27'));
    const perHour = new Map<number, number>();
    for (const { at, movement: m } of plan.movements) {
      if (m.siteId === 'tanger-med' && m.direction === 'arrival') perHour.set(Math.floor(at / 3_600_000), (perHour.get(Math.floor(at / 3_600_000)) ?? 0) + m.people);
    }
    const hours = [...perHour.values()].sort((a, b) => b - a);
    expect(hours[0]).toBeGreaterThan(1_000);
    expect(hours[0]).toBeGreaterThan(3 * hours[Math.floor(hours.length / 2)]);
  });

  it('should fill a border holding area on a peak day and drain it at night', () => {
    const sut = new SeasonModel(edition, sites, seasonTargets(2024, published), 'marhaba');
    const reports = sut.planDay(sut.dayIndex('2024-08-28')).holding.filter((h) => h.siteId === 'bab-sebta').map((h) => h.report.vehiclesWaiting);
    expect(reports).toHaveLength(48);
    expect(Math.max(...reports)).toBeGreaterThan(300);
    expect(reports[0]).toBeLessThan(Math.max(...reports) / 5);
  });

  it('should plan the same day identically for the same seed, and other ids for another seed or salt', () => {
    const targets = seasonTargets(2024, published, 0.01);
    const a = new SeasonModel(edition, sites, targets, 'seed-a').planDay(50);
    expect(new SeasonModel(edition, sites, targets, 'seed-a').planDay(50)).toEqual(a);
    const b = new SeasonModel(edition, sites, targets, 'seed-b').planDay(50);
    expect(b.movements[0].movement.id).not.toBe(a.movements[0].movement.id);
    expect(new SeasonModel(edition, sites, targets, 'seed-a').planDay(50, 'another day').cases[0]?.input.id).not.toBe(a.cases[0]?.input.id);
  });

  it('should scale every target for quick seasons and keep 2023 in proportion to its arrivals', () => {
    const small = seasonTargets(2024, published, 0.01);
    expect(small.arrivals.sea + small.arrivals.air).toBe(37_616);
    expect(small.escalated).toBe(439);
    const t2023 = seasonTargets(2023, published);
    expect(t2023.arrivals.sea + t2023.arrivals.air).toBe(3_165_255);
  });
});

describe('SeasonModel.dailyFigures', () => {
  it("should give the season's daily figures per site, adding up to the published targets", () => {
    const sut = new SeasonModel(edition, sites, seasonTargets(2024, published), 'demo-history').dailyFigures();
    const arrivals = sut.traffic.filter((r) => r.direction === 'arrival');
    expect(arrivals.reduce((n, r) => n + r.people, 0)).toBe(3_761_589);
    expect(new Set(sut.traffic.map((r) => r.date)).size).toBe(103);
    expect(sut.traffic.every((r) => byId.get(r.siteId)!.kind !== 'airport' || r.vehicles === 0)).toBe(true);
    expect(sut.assistance.reduce((n, r) => n + r.cases, 0)).toBe(155_907);
    expect(sut.assistance.every((r) => r.escalated <= r.cases)).toBe(true);
  });
});
