import type { AlertLevel } from './enums.js';

/**
 * Thresholds of the alert rules, shared so that the console's map colours a site exactly when the
 * server raises (or would raise) an alert for it.
 */
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
