import { describe, expect, it } from '@jest/globals';
import { countsTowardsTotals, isBusStaging, modeAllowedAt, modesAt } from './site-rules.js';

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
