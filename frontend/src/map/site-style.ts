import { holdingLevel, SURGE_CRITICAL_FACTOR, surgeLevel, type AlertLevel, type AlertView, type Site, type SiteKind, type SiteLive } from '@marhaba/shared';

/** How loaded a site is, worst of its traffic and its holding area: the map's colour, badge and words. */
export type SiteLevel = 'calm' | 'busy' | 'warning' | 'critical';

export interface SiteLook {
  level: SiteLevel;
  /** Diameter of the marker in pixels. */
  size: number;
  peopleLastHour: number;
  /** People in the last hour against the site's hourly threshold. */
  load: number;
  /** Holding-area fill 0..1 (capped), null without a holding area. */
  holdingFill: number | null;
}

/** A peak the forecast expects at a site (its active `peak_expected` alert): its level and hour. */
export interface ExpectedPeakMark {
  level: AlertLevel;
  hour: string;
}

/**
 * What a marker shows: colour and badge by level, size, holding-area ring, the expected-peak mark, and the
 * words a screen reader says.
 */
export interface SiteMarkerView extends Pick<SiteLook, 'level' | 'size' | 'holdingFill'> {
  label: string;
  expectedPeak?: ExpectedPeakMark | null;
}

/** The sites expected to peak, from the active `peak_expected` alerts. */
export function expectedPeaks(alerts: AlertView[]): Map<string, ExpectedPeakMark> {
  const peaks = new Map<string, ExpectedPeakMark>();
  for (const a of alerts) if (a.rule === 'peak_expected' && !a.clearedAt) peaks.set(a.siteId, { level: a.level, hour: String(a.details.hour ?? '') });
  return peaks;
}

/** The mark of a site expected to peak: an arrow up beside the marker (shape, not colour: ⇡ warning, ⇈ critical). */
export const EXPECTED_PEAK_GLYPH: Record<AlertLevel, string> = { warning: '⇡', critical: '⇈' };

const ORDER: SiteLevel[] = ['calm', 'busy', 'warning', 'critical'];
/** Below the alert threshold, from this share of it on a site counts as busy. */
export const BUSY_RATIO = 0.5;
const MIN_SIZE = 22;
const MAX_SIZE = 46;

const fromAlert = (level: AlertLevel | null): SiteLevel => level ?? 'calm';
const worst = (a: SiteLevel, b: SiteLevel) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

export function siteLook(site: Site, live: SiteLive | undefined): SiteLook {
  const peopleLastHour = live ? live.lastHour.arrivals.people + live.lastHour.departures.people : 0;
  const load = peopleLastHour / site.hourlyThresholdPeople;
  let level = worst(fromAlert(surgeLevel(peopleLastHour, site.hourlyThresholdPeople)), load >= BUSY_RATIO ? 'busy' : 'calm');
  const holding = live?.holding ?? null;
  if (holding) level = worst(level, fromAlert(holdingLevel(holding.vehiclesWaiting, holding.capacityVehicles)));
  // Size grows with load up to the critical surge, so that peaks stand out.
  const size = Math.round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.min(1, load / SURGE_CRITICAL_FACTOR));
  return { level, size, peopleLastHour, load, holdingFill: holding ? Math.min(1, holding.occupancy) : null };
}

/**
 * A marker sized by a site's volume over a season, against the busiest site shown: the area grows with
 * the people, so that a site with four times the traffic has a disc twice as wide.
 */
export function volumeSize(people: number, maxPeople: number): number {
  const share = maxPeople > 0 ? Math.min(1, Math.max(0, people) / maxPeople) : 0;
  return Math.round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(share));
}

/** A glyph per kind of site, so that the marker says what it is without colour. */
export const KIND_GLYPH: Record<SiteKind, string> = { port: '⚓', airport: '✈', land_border: '⇄', rest_area: 'P' };
/**
 * A glyph per level, so that colour is never the only signal: the map's sites, the holding gauges (`ok`
 * below the warning) and the alerts all show a level with the same one.
 */
export const LEVEL_GLYPH: Record<SiteLevel | 'ok', string> = { ok: '✓', calm: '', busy: '▲', warning: '⚠', critical: '‼' };
