import type { CaseCategory, Mode, Priority, SiteKind } from '@marhaba/shared';

/**
 * The shape of a Marhaba season, as simulator parameters. Shares and lines follow DOMAIN.md (ferry lines and
 * their shares of traffic, the sites); the rest (hours, occupancies, waits) are plausible working assumptions.
 */

/** Relative level of arrivals by month-day, linear in between: rising from early June to the July–August plateau. */
export const ARRIVAL_SHAPE: readonly (readonly [string, number])[] = [
  ['06-05', 0.22], ['06-15', 0.32], ['06-25', 0.45], ['07-01', 0.62], ['07-08', 0.8], ['07-15', 0.92], ['07-22', 1],
  ['08-01', 1], ['08-06', 0.95], ['08-12', 0.78], ['08-18', 0.55], ['08-25', 0.36], ['09-01', 0.24], ['09-08', 0.17], ['09-15', 0.13],
];

/** Relative level of departures: the return phase peaks at the end of August. */
export const DEPARTURE_SHAPE: readonly (readonly [string, number])[] = [
  ['06-05', 0.17], ['06-20', 0.21], ['07-01', 0.24], ['07-15', 0.29], ['07-25', 0.36], ['08-01', 0.44], ['08-08', 0.55],
  ['08-15', 0.68], ['08-20', 0.8], ['08-25', 0.92], ['08-28', 1], ['08-31', 0.97], ['09-03', 0.9], ['09-08', 0.72], ['09-15', 0.52],
];

/** The record day of departures (28 August in 2024), made the season's busiest by a margin. */
export const DEPARTURE_RECORD = { monthDay: '08-28', margin: 1.04 };

/** Weekly rhythm, Sunday first: families travel at weekends. */
export const WEEKDAY = { arrival: [1.06, 0.92, 0.9, 0.93, 0.98, 1.08, 1.13], departure: [1.12, 0.95, 0.9, 0.94, 0.97, 1.03, 1.09] };

/** Day-to-day noise on the shape (± this share), drawn from the seed. */
export const DAILY_NOISE = 0.03;

/**
 * Departures are not published for 2024: we take 93 % of arrivals (3,498,278), since part of those who
 * arrive leave after the edition ends. With this total the model's record day (28 August) is about 79,600.
 */
export const DEPARTURES_PER_ARRIVAL = 0.93;

/** Share of the 2024 cases escalated to the Central Coordination Office, by category (weights; scaled to the target). */
export const ESCALATION_PROPENSITY: Record<CaseCategory, number> = { information: 0.06, administrative: 0.85, customs: 0.9, medical: 0.09, transport: 0.043 };

/** Local hours weights (0–23) of events at each kind of place. */
export const HOURS = {
  ferry: [2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 4, 3, 2],
  flight: [1, 0, 0, 0, 0, 1, 4, 6, 7, 6, 5, 5, 5, 5, 6, 6, 6, 7, 7, 6, 5, 4, 3, 2],
  road: [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1],
  desk: [1, 0, 0, 0, 0, 1, 2, 4, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 2, 1],
};

/** A ferry line into a Moroccan crossing: the port it sails from (a site, or null when not one of ours), its share and duration. */
export interface Line {
  from: string | null;
  share: number;
  minutes: number;
}

export interface SiteProfile {
  /** Share of its channel's crossings (sea or air), for crossing points. */
  share?: number;
  /** People per ferry sailing or per flight. */
  perSailing?: number;
  lines?: Line[];
  /** People a day at a rest area, as a share of the day's sea crossings. */
  passing?: number;
  /** Where buses and minibuses are staged (the Marhaba Méditerranée area). */
  busStaging?: boolean;
  /** Relative number of assistance cases. */
  cases: number;
}

/** Keyed by site id (backend/data/sites.json). Sites added later get `DEFAULT_PROFILES` by kind. */
export const SITE_PROFILES: Record<string, SiteProfile> = {
  'tanger-med': { share: 0.515, perSailing: 1400, cases: 30, lines: [{ from: 'algeciras', share: 0.89, minutes: 90 }, { from: 'motril', share: 0.04, minutes: 360 }, { from: 'genoa', share: 0.035, minutes: 2880 }, { from: 'marseille', share: 0.03, minutes: 2400 }, { from: null, share: 0.005, minutes: 1500 }] },
  'bab-sebta': { share: 0.14, perSailing: 700, cases: 10, lines: [{ from: 'algeciras', share: 1, minutes: 60 }] },
  nador: { share: 0.135, perSailing: 1200, cases: 10, lines: [{ from: 'almeria', share: 0.74, minutes: 360 }, { from: 'motril', share: 0.11, minutes: 420 }, { from: 'sete', share: 0.15, minutes: 1800 }] },
  'tanger-ville': { share: 0.125, perSailing: 600, cases: 6, lines: [{ from: null, share: 1, minutes: 60 }] },
  'bab-mellilia': { share: 0.065, perSailing: 800, cases: 5, lines: [{ from: 'almeria', share: 0.5, minutes: 360 }, { from: 'motril', share: 0.2, minutes: 420 }, { from: null, share: 0.3, minutes: 420 }] },
  'al-hoceima': { share: 0.02, perSailing: 900, cases: 1.5, lines: [{ from: 'motril', share: 1, minutes: 420 }] },
  'casablanca-mohammed-v': { share: 0.3, perSailing: 200, cases: 8 },
  'marrakech-menara': { share: 0.13, perSailing: 170, cases: 2.5 },
  'agadir-al-massira': { share: 0.1, perSailing: 170, cases: 2.5 },
  'rabat-sale': { share: 0.1, perSailing: 170, cases: 2.5 },
  'fes-saiss': { share: 0.1, perSailing: 165, cases: 2.5 },
  'tanger-ibn-battouta': { share: 0.1, perSailing: 170, cases: 2.5 },
  'nador-el-aroui': { share: 0.1, perSailing: 165, cases: 2.5 },
  'oujda-angad': { share: 0.07, perSailing: 165, cases: 2 },
  mediterranee: { passing: 0.012, busStaging: true, cases: 3 },
  jebha: { passing: 0.004, cases: 1 },
  tazaghine: { passing: 0.004, cases: 1 },
  'smir-mdiq': { passing: 0.005, cases: 1 },
  algeciras: { cases: 5 },
  almeria: { cases: 3 },
  motril: { cases: 1.5 },
  sete: { cases: 1 },
  marseille: { cases: 1 },
  genoa: { cases: 0.8 },
};

export const DEFAULT_PROFILES: Record<SiteKind, SiteProfile> = {
  port: { share: 0.02, perSailing: 900, cases: 2, lines: [{ from: null, share: 1, minutes: 300 }] },
  land_border: { share: 0.02, perSailing: 600, cases: 2, lines: [{ from: null, share: 1, minutes: 120 }] },
  airport: { share: 0.03, perSailing: 165, cases: 1.5 },
  rest_area: { passing: 0.003, cases: 1 },
};

/** Where cases of each category arise more or less, by kind of site (ports abroad: `abroad`). */
export const CASE_AFFINITY: Record<SiteKind | 'abroad', Record<CaseCategory, number>> = {
  port: { information: 1, administrative: 1, customs: 1.3, medical: 1.1, transport: 1.2 },
  land_border: { information: 0.9, administrative: 1.2, customs: 1.6, medical: 0.9, transport: 0.8 },
  airport: { information: 1.2, administrative: 0.8, customs: 0.6, medical: 0.9, transport: 1 },
  rest_area: { information: 1.1, administrative: 0.4, customs: 0.2, medical: 1.5, transport: 2 },
  abroad: { information: 1, administrative: 1.2, customs: 0.5, medical: 0.8, transport: 1.5 },
};

/** Vehicles and groups as the tablets count them: mode weights (per unit) and people per unit. */
export const UNIT_MIX: Record<'port' | 'land_border' | 'road', readonly (readonly [Mode, number])[]> = {
  port: [['car', 0.72], ['foot', 0.22], ['motorcycle', 0.05], ['bus', 0.01]],
  land_border: [['car', 0.68], ['foot', 0.28], ['motorcycle', 0.04]],
  road: [['car', 0.95], ['motorcycle', 0.05]],
};

export const OCCUPANCY: Record<'car' | 'motorcycle' | 'foot', readonly (readonly [number, number])[]> = {
  car: [[1, 8], [2, 18], [3, 22], [4, 26], [5, 16], [6, 10]],
  motorcycle: [[1, 70], [2, 30]],
  foot: [[1, 45], [2, 30], [3, 15], [4, 10]],
};

/** Staged coaches: people per bus and per minibus (weights for splitting the day's passengers). */
export const STAGED_OCCUPANCY = { bus: [40, 60], minibus: [10, 18] } as const;

/**
 * Hours a land border would take to let the season's busiest day of departing vehicles through: more than
 * a day's opening hours, so that on peak days the holding area fills (waits of several hours, as at Bab
 * Sebta in 2024) and drains at night.
 */
export const BORDER_CLEARING_HOURS = 28;

/** People per coach in port and road traffic (a coach is one unit, however full). */
export const COACH_OCCUPANCY = { min: 25, max: 55 } as const;

/** People per ferry sailing and per flight where a site's profile does not say. */
export const DEFAULT_PER_SAILING = { ferry: 900, flight: 165 } as const;

/**
 * A sailing's or flight's load relative to the average: `from + random() * spread`, so that some are
 * full and some half empty while the day still adds up.
 */
export const LOAD_SPREAD = { flight: { from: 0.75, spread: 0.5 }, sailing: { from: 0.6, spread: 0.8 } } as const;

/**
 * Minutes of the local day within which events fall (`from`..`to`), and the minutes between one step of a
 * traveller's way and the next (`min + random() * spread`).
 */
export const TIMING = {
  /** Ferries dock from half past midnight; at land borders the last sailing's passengers must cross before midnight. */
  docking: { from: 30, toPort: 1370, toBorder: 1320 },
  /** From docking to being counted: at a land border (the ride from Ceuta or Melilla), on foot, by vehicle. */
  unloading: { border: { min: 20, spread: 80 }, foot: { min: 5, spread: 20 }, vehicle: { min: 8, spread: 47 } },
  /** Boarding at the port abroad: the crossing, then 30 minutes, then up to 90 more before it. */
  boardingAbroad: { min: 30, spread: 90, earliestSpread: 60 },
  /** Sailings out leave from 02:00 to 23:50; vehicles board 15 to 90 minutes before. */
  sailingOut: { from: 120, to: 1430 },
  boarding: { min: 15, spread: 75 },
  /** Time in the holding area before boarding: `(0.5 + random()) * (base + busy * load²)`, load = day / busiest day. */
  portWait: { share: 0.5, base: 60, busy: 420 },
  /** Vehicles reach a land border from 05:00 to 23:00; it reports its queue every 5 minutes and clears it at 23:50. */
  borderArrivals: { from: 300, to: 1380 },
  borderStep: 5,
  borderClears: 1430,
  /** Staged coaches move from 06:00 to 22:00. */
  staged: { from: 360, to: 1320 },
} as const;

/**
 * A land border's capacity in vehicles per hour: people in vehicles (`vehicleShare` of the busiest day's
 * departures, `perVehicle` each) over `BORDER_CLEARING_HOURS`, never below `min`; `fallback` for a
 * border with no traffic planned.
 */
export const BORDER_CAPACITY = { vehicleShare: 0.8, perVehicle: 3.4, min: 20, fallback: 60 } as const;

/** Typical passengers per staged bus and minibus, weighting each day's share of the staged passengers. */
export const STAGED_WEIGHT = { bus: 50, minibus: 14 } as const;

/**
 * Minutes between holding-area reports: every half hour at full scale; a shrunk season reports less
 * often (these steps, the first at least `30 / sqrt(scale)`), since reports do not shrink with traffic.
 */
export const HOLDING_REPORT_EVERY = [30, 60, 120, 240, 360, 720] as const;

/** Priority weights of new cases by category. */
export const CASE_PRIORITIES: Record<CaseCategory, readonly (readonly [Priority, number])[]> = {
  information: [['low', 40], ['normal', 60]],
  administrative: [['low', 15], ['normal', 70], ['high', 15]],
  customs: [['low', 15], ['normal', 70], ['high', 15]],
  medical: [['normal', 71], ['high', 25], ['critical', 4]],
  transport: [['normal', 80], ['high', 20]],
};

/**
 * How cases go: shares of cases with a described beneficiary (and, among them, a vulnerability), and each
 * path's shares and minutes (`min + random() * spread`). Escalated cases are taken in hand first by some
 * sites, escalated, and resolved by the Central Coordination Office; the others are mostly resolved on
 * the spot, some only taken in hand, the rest left open.
 */
export const CASE_FLOW = {
  beneficiaryShare: 0.7,
  vulnerableShare: 0.1,
  escalated: { startedFirst: 0.08, start: { min: 5, spread: 25 }, escalate: { min: 15, spread: 100 }, resolvedByOffice: 0.97, resolve: { min: 120, spread: 4200 } },
  onSite: { resolved: 0.92, startedFirst: 0.06, start: { min: 3, spread: 20 }, resolve: { min: 5, spread: 85 }, startedOnly: 0.95, startOnly: { min: 5, spread: 40 } },
} as const;

/**
 * People per vehicle over a whole day at ports and land borders (cars, coaches, motorcycles and people on
 * foot together), for a season's daily figures; at airports vehicles are 0 (planes carry no vehicle of ours).
 */
export const DAILY_PEOPLE_PER_VEHICLE = 3.4;
