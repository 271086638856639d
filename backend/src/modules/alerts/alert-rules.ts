import type { AlertLevel } from '@marhaba/shared';

/** Holding area fill at which a warning, then a critical alert is raised. */
export const HOLDING_WARNING_RATIO = 0.8;
export const HOLDING_CRITICAL_RATIO = 0.95;
/** Traffic above the site's hourly threshold is a warning; this many times the threshold is critical. */
export const SURGE_CRITICAL_FACTOR = 1.5;

export function holdingLevel(vehiclesWaiting: number, capacityVehicles: number): AlertLevel | null {
  const ratio = vehiclesWaiting / capacityVehicles;
  if (ratio >= HOLDING_CRITICAL_RATIO) return 'critical';
  if (ratio >= HOLDING_WARNING_RATIO) return 'warning';
  return null;
}

export function surgeLevel(peopleLastHour: number, hourlyThresholdPeople: number): AlertLevel | null {
  if (peopleLastHour >= hourlyThresholdPeople * SURGE_CRITICAL_FACTOR) return 'critical';
  if (peopleLastHour > hourlyThresholdPeople) return 'warning';
  return null;
}

/** A critical medical case calls the coordinators at once, whatever else happens at the site. */
export function isCriticalMedical(c: { category: string; priority: string }): boolean {
  return c.category === 'medical' && c.priority === 'critical';
}

/** Cases opened before this instant and still open are unattended. */
export function unattendedCutoff(now: Date, unattendedMinutes: number): Date {
  return new Date(now.getTime() - unattendedMinutes * 60_000);
}
