import type { ImportResult } from './imports.js';
import type {
  AlertLevel,
  AlertRule,
  CaseCategory,
  CaseStatus,
  Direction,
  Mode,
  Priority,
  Role,
} from './enums.js';
import type { CaseCreate, MovementBatch } from './schemas.js';

export interface Flow {
  people: number;
  vehicles: number;
}

export interface TrafficFigures {
  arrivals: Flow;
  departures: Flow;
}

export interface HoldingState {
  siteId: string;
  capacityVehicles: number;
  vehiclesWaiting: number;
  /** vehiclesWaiting / capacityVehicles, 0..n (may exceed 1 when over capacity). */
  occupancy: number;
  /** The assistants' own estimate, as reported. */
  estimatedWaitMinutes: number | null;
  /** The queue estimate (`lastHourWaitMinutes`): the vehicles waiting at the rate of the last hour of departures; null with none. */
  predictedWaitMinutes: number | null;
  /** null until the first report. */
  reportedAt: string | null;
}

export type CaseCounts = Record<CaseCategory, number>;

export interface CaseView {
  id: string;
  siteId: string;
  category: CaseCategory;
  subcategory: string | null;
  priority: Priority;
  status: CaseStatus;
  beneficiary: { sex?: string; ageBand?: string; vulnerabilities?: string[] } | null;
  summary: string | null;
  assignee: string | null;
  openedAt: string;
  escalatedAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CaseHistoryEntry {
  at: string;
  actor: string;
  action: 'created' | 'updated';
  statusFrom: CaseStatus | null;
  statusTo: CaseStatus | null;
  assignee: string | null;
  note: string | null;
}

export interface AlertView {
  id: string;
  rule: AlertRule;
  level: AlertLevel;
  siteId: string;
  subject: string;
  details: Record<string, number | string | null>;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  clearedAt: string | null;
}

export interface SiteLive {
  siteId: string;
  today: TrafficFigures;
  lastHour: TrafficFigures;
  holding: HoldingState | null;
  openCases: CaseCounts;
}

export interface LiveSnapshot {
  generatedAt: string;
  /** The operation day (Africa/Casablanca) that "today" refers to. */
  day: string;
  /** Last sequence number per site at the time of the snapshot; deltas continue from these. */
  seq: Record<string, number>;
  sites: SiteLive[];
  total: { today: TrafficFigures; lastHour: TrafficFigures; openCases: CaseCounts };
  alerts: AlertView[];
}

/** Flows per direction and mode; modes without traffic are left out. */
export type ModeFlows = Record<Direction, Partial<Record<Mode, Flow>>>;

export interface HourFigures {
  /** Start of the local hour, as a UTC instant. */
  start: string;
  /** Local hour in Africa/Casablanca, 0–23. */
  hour: number;
  arrivals: Flow;
  departures: Flow;
}

/** Buses and minibuses staged at a rest area today (bus and minibus movements, both directions). */
export interface BusStaging {
  siteId: string;
  passengers: number;
  buses: number;
  minibuses: number;
}

/** The same calendar day in the previous edition, for comparison. */
export interface PreviousEditionDay {
  year: number;
  day: string;
  /** False when that day's figures were imported as daily totals: no hours, no figure at the same time. */
  hourly: boolean;
  /** Up to the same local time of day as now (null when not `hourly`). */
  sameTime: TrafficFigures | null;
  wholeDay: TrafficFigures;
  /** Empty when not `hourly`. */
  hours: HourFigures[];
}

/** `GET /api/live/today`: today in detail for one site, or for every site the user may see. */
export interface TodayDetail {
  day: string;
  /** null: every site the user may see. */
  siteId: string | null;
  hours: HourFigures[];
  byMode: { today: ModeFlows; lastHour: ModeFlows };
  /** Rest areas in scope only. */
  busStaging: BusStaging[];
  /** null when no earlier edition is known. */
  previous: PreviousEditionDay | null;
}

/** `GET /api/live/map-config`: how the console draws its map. */
export interface MapConfig {
  /** A tile URL template ({z}/{x}/{y}); null means the offline basemap shipped with the console. */
  tileUrl: string | null;
  tileAttribution: string | null;
}

export interface TrafficEvent {
  siteId: string;
  seq: number;
  today: TrafficFigures;
  lastHour: TrafficFigures;
}
/** Traffic deltas of one flush in one message, for clients that ask for it (`auth: {token, trafficBatch: true}`). */
export interface TrafficBatchEvent {
  items: TrafficEvent[];
}
export interface CaseEvent {
  seq: number;
  case: CaseView;
}
export interface AlertEvent {
  seq: number;
  alert: AlertView;
}
export interface HoldingEvent extends HoldingState {
  seq: number;
}

/**
 * What went wrong, as a code the console translates (`errors.<code>`); `message` is the server's own
 * wording in English, shown as the detail. A status has a default code; a rule may name a closer one.
 */
export const API_ERROR_CODES = [
  // The defaults, one per status.
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
  // Closer reasons the UI words itself, because the user can act on them.
  /** 401 at sign-in: wrong username or password (not a lapsed session). */
  'invalid_credentials',
  /** 401 at refresh: the session ended (signed out, revoked, expired); sign in again. */
  'session_ended',
  /** 403: an assistant acting for a site it is not assigned to. */
  'site_not_assigned',
  /** 400: a case status change the workflow does not allow (e.g. resolved → new). */
  'invalid_transition',
  /** 409: someone else changed the case since it was read (its `version` moved on). */
  'stale_version',
  /** 409: a record with this id (or change id) was already stored with other content. */
  'already_recorded',
  /** 409: the username or site id is taken. */
  'already_exists',
  /** 409: the day and site already hold imported daily figures, so live records there would count twice. */
  'already_imported',
  /** 409: an import for a day and site that already holds live-recorded data. */
  'live_data_present',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  statusCode: number;
  error: string;
  code: ApiErrorCode;
  message: string;
  details?: { path: string; message: string }[];
}

/** A refused import (`POST /api/imports`, 400 or 409) carries its whole answer besides the error: every bad row. */
export type ImportRefusal = ApiError & ImportResult;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface MovementsResult {
  accepted: number;
  duplicates: number;
}

/** Answer to a batch of case changes: how many were applied, how many were retries, each case as it stood after its change. */
export interface CaseChangeBatchResult {
  applied: number;
  duplicates: number;
  cases: CaseView[];
}

/** Answer to a batch of new cases: counts as for movements, and each case in the order sent. */
export interface CaseBatchResult extends MovementsResult {
  cases: (CaseView & { duplicate: boolean })[];
}

/** Events the server sends on the `/live` namespace. */
export interface ServerToClientEvents {
  snapshot: (snapshot: LiveSnapshot) => void;
  traffic: (event: TrafficEvent) => void;
  'traffic:batch': (event: TrafficBatchEvent) => void;
  case: (event: CaseEvent) => void;
  alert: (event: AlertEvent) => void;
  holding: (event: HoldingEvent) => void;
}

/** Events a client may send on `/live`; every one answers through its acknowledgement. */
export interface ClientToServerEvents {
  movements: (batch: MovementBatch, ack: (result: Ack<MovementsResult>) => void) => void;
  'case:create': (input: CaseCreate, ack: (result: Ack<CaseView & { duplicate: boolean }>) => void) => void;
  'snapshot:request': (ack: (result: Ack<LiveSnapshot>) => void) => void;
}

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  siteIds: string[];
}

/**
 * A short-lived access token (sent as a bearer token and in the socket handshake) and the session's
 * refresh token, exchanged at `POST /api/auth/refresh` for new access tokens until the session ends
 * or is revoked.
 */
export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: AuthUser;
}

export type RefreshResponse = Omit<LoginResponse, 'refreshToken'>;

/** A user as an admin sees it. */
export interface UserView extends AuthUser {
  active: boolean;
  createdAt: string;
}

export const LIVE_NAMESPACE = '/live';

/** The `/live` handshake: the token, and whether the client takes traffic deltas batched per flush. */
export interface LiveHandshake {
  token: string;
  trafficBatch?: boolean;
}

/**
 * Reconnection backoff: from 1 s, doubling, jittered by half. The ceiling is low because it bounds how
 * long a console stays dark after the servers are back (a 30 s ceiling kept a thousand dashboards
 * away half a minute after a restart); the jitter, not the ceiling, spreads their return, and
 * concurrent snapshots of one scope share one computation on the server (LiveService.snapshot). The
 * console uses it, and the fault suites' dashboards reconnect as the console does.
 */
export const LIVE_RECONNECTION = { reconnectionDelay: 1_000, reconnectionDelayMax: 5_000, randomizationFactor: 0.5 } as const;
