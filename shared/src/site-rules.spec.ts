import { describe, expect, it } from '@jest/globals';
import { countsTowardsTotals, isBusStaging, modeAllowedAt, modesAt } from './site-rules.js';
import { splitTotals } from './figures.js';

describe('site rules', () => {
  it('should count only Moroccan crossings in the totals', () => {
    expect(countsTowardsTotals({ kind: 'port', country: 'MA' })).toBe(true);
    expect(countsTowardsTotals({ kind: 'rest_area', country: 'MA' })).toBe(false);
    expect(countsTowardsTotals({ kind: 'port', country: 'ES' })).toBe(false);
  });

  it('should count planes at airports only, and only planes there', () => {
    expect(modesAt('airport')).toEqual(['plane']);
    expect(modesAt('port')).not.toContain('plane');
    expect(modeAllowedAt('car', 'airport')).toBe(false);
    expect(modeAllowedAt('plane', 'land_border')).toBe(false);
  });

  it('should stage buses and minibuses at rest areas only', () => {
    expect(isBusStaging({ kind: 'rest_area' }, 'bus')).toBe(true);
    expect(isBusStaging({ kind: 'rest_area' }, 'minibus')).toBe(true);
    expect(isBusStaging({ kind: 'rest_area' }, 'car')).toBe(false);
    expect(isBusStaging({ kind: 'port' }, 'bus')).toBe(false);
  });
});

describe('splitTotals', () => {
  it('should add crossings into the total and rest areas and ports abroad apart', () => {
    const f = (people: number) => ({ arrivals: { people, vehicles: 1 }, departures: { people: 0, vehicles: 0 } });
    const { crossings, apart } = splitTotals([
      { site: { kind: 'port', country: 'MA' }, figures: f(10) },
      { site: { kind: 'rest_area', country: 'MA' }, figures: f(5) },
      { site: { kind: 'port', country: 'ES' }, figures: f(3) },
    ]);
    expect(crossings.arrivals).toEqual({ people: 10, vehicles: 1 });
    expect(apart.arrivals).toEqual({ people: 8, vehicles: 2 });
  });
});
