import { MODES, type Mode, type SiteKind } from './enums.js';

/**
 * Rules about what is counted where: one definition each, used by the backend (validation, live
 * figures, statistics, exports, forecasts), the simulator and the console alike.
 */

/**
 * Whether a site's arrivals and departures count in the season and live totals. Travellers cross into or
 * out of Morocco at its ports, airports and land borders; the rest areas on its roads and the ports abroad
 * see travellers who are (or will be) counted at one of those crossings, so their counts are shown per
 * site but kept out of the totals, which would otherwise count the same traveller twice.
 */
export function countsTowardsTotals(site: { kind: SiteKind; country: string }): boolean {
  return site.country === 'MA' && site.kind !== 'rest_area';
}

/** Planes are counted at airports only, and only planes there. */
export function modesAt(kind: SiteKind): readonly Mode[] {
  return kind === 'airport' ? ['plane'] : MODES.filter((m) => m !== 'plane');
}

export function modeAllowedAt(mode: Mode, kind: SiteKind): boolean {
  return modesAt(kind).includes(mode);
}

/** Modes whose passengers are managed upstream at the rest areas (bus staging, DOMAIN.md). */
export const BUS_STAGING_MODES = ['bus', 'minibus'] as const satisfies readonly Mode[];

/** The kind of site where buses and minibuses are staged before the crossing. */
export const STAGING_SITE_KIND = 'rest_area' as const satisfies SiteKind;

export function isStagingSite(site: { kind: SiteKind }): boolean {
  return site.kind === STAGING_SITE_KIND;
}

/** Whether a movement counts in bus staging: a bus or minibus at a rest area. */
export function isBusStaging(site: { kind: SiteKind }, mode: Mode): boolean {
  return isStagingSite(site) && (BUS_STAGING_MODES as readonly Mode[]).includes(mode);
}
