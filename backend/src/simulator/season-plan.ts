import type { CaseCategory, CaseCreate, CaseStatus, Channel, HoldingReportInput, MovementInput } from '@marhaba/shared';

/** What the model aims at, and what it plans: the requests the tablets send, each at the instant (ms) it is sent. */

/** What a whole season adds up to in the statistics; the model hits these exactly. */
export interface SeasonTargets {
  arrivals: Record<Channel, number>;
  departures: Record<Channel, number>;
  cases: Record<CaseCategory, number>;
  escalated: number;
  busStaging: { passengers: number; buses: number; minibuses: number };
}

export interface PlannedMovement {
  at: number;
  movement: MovementInput;
}

/** A change of status, made by the site's assistant or (for escalated cases) the Central Coordination Office. */
export interface PlannedChange {
  at: number;
  by: 'site' | 'coordinator';
  patch: { changeId: string; version: number; status: CaseStatus };
}

export interface PlannedCase {
  at: number;
  input: CaseCreate;
  changes: PlannedChange[];
}

export interface PlannedHolding {
  at: number;
  siteId: string;
  report: HoldingReportInput;
}

/** Everything the sites send on one local day, each list in time order. */
export interface DayPlan {
  day: string;
  movements: PlannedMovement[];
  cases: PlannedCase[];
  holding: PlannedHolding[];
}
