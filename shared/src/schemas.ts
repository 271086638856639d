import { z } from 'zod';
import {
  AGE_BANDS,
  ALERT_LEVELS,
  ALERT_RULES,
  CASE_CATEGORIES,
  CASE_STATUSES,
  CASE_SUBCATEGORIES,
  CHANNELS,
  DIRECTIONS,
  MODES,
  PRIORITIES,
  ROLES,
  SEXES,
  SITE_KINDS,
  VULNERABILITIES,
} from './enums.js';
import type { Role } from './enums.js';
import { nextDay, operationDayStart } from './time.js';
import { isSiteBound } from './permissions.js';

/** Largest batch of movements one request may carry. */
export const MAX_MOVEMENTS_PER_BATCH = 1000;
/** Largest batch of new cases one request may carry (a tablet's outbox after a day offline). */
export const MAX_CASES_PER_BATCH = 500;
/** Tablets may be offline for days, but not write the future: allow a little clock skew. */
export const MAX_CLOCK_SKEW_MS = 10 * 60_000;
const EARLIEST_INSTANT = Date.parse('2000-01-01T00:00:00Z');
const END_OF_RANGE = Date.parse('2100-01-01T00:00:00Z');

/**
 * Instants leave validation in UTC (`2024-07-01T09:30:00.000Z`): the ISO format allows offsets up to
 * ±23:59 and any number of decimals, PostgreSQL reads offsets up to ±15:59 only.
 */
const toUtc = (value: string | number) => new Date(value).toISOString();

/**
 * An ISO 8601 instant with an explicit offset (or Z), not in the future beyond clock skew; normalised to
 * UTC. Parsed once for both bounds and the UTC form (three parses were a fifth of the validation of a
 * 500-movement batch).
 */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset' })
  .transform((value, ctx): string => {
    const ms = Date.parse(value);
    if (ms < EARLIEST_INSTANT) ctx.addIssue({ code: 'custom', message: 'is before the year 2000' });
    else if (ms > Date.now() + MAX_CLOCK_SKEW_MS) ctx.addIssue({ code: 'custom', message: 'is in the future' });
    // 24 characters ending in Z can only be the UTC form itself (what tablets send): not formatted again.
    else return value.length === 24 && value.endsWith('Z') ? value : toUtc(ms);
    return z.NEVER;
  });

/** Free text as PostgreSQL stores it: a `text` column refuses the NUL character, so the contract does too. */
// eslint-disable-next-line no-control-regex -- the NUL character is precisely what is refused
export const freeText = () => z.string().regex(/^[^\u0000]*$/, 'must not contain the NUL character');

export const siteIdSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug such as tanger-med');

export const loginSchema = z.strictObject({
  username: freeText().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginSchema>;

/** Refresh tokens are opaque: 43 base64url characters (32 random bytes). */
export const refreshSchema = z.strictObject({
  refreshToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a refresh token'),
});
export type RefreshRequest = z.infer<typeof refreshSchema>;

/** A batch names each record once: a second item with the same id is refused at its index. */
const eachIdOnce =
  <K extends string>(field: K) =>
  (batch: Record<K, { id: string }[]>, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    batch[field].forEach((item, index) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [field, index, 'id'], message: 'appears twice in the batch' });
      seen.add(item.id);
    });
  };

const MAX_MOVEMENT_PEOPLE = 10_000;
const MAX_MOVEMENT_VEHICLES = 5_000;
const MOVEMENT_KEYS = ['id', 'siteId', 'direction', 'mode', 'people', 'vehicles', 'occurredAt'] as const;

export const movementSchema = z.strictObject({
  id: z.uuid(),
  siteId: siteIdSchema,
  direction: z.enum(DIRECTIONS),
  mode: z.enum(MODES),
  people: z.int().min(0).max(MAX_MOVEMENT_PEOPLE),
  vehicles: z.int().min(0).max(MAX_MOVEMENT_VEHICLES),
  occurredAt: instantSchema,
} satisfies Record<(typeof MOVEMENT_KEYS)[number], z.ZodType>);
export type MovementInput = z.infer<typeof movementSchema>;

export const movementBatchSchema = z
  .strictObject({
    movements: z.array(movementSchema).min(1).max(MAX_MOVEMENTS_PER_BATCH),
  })
  .superRefine(eachIdOnce('movements'));
export type MovementBatch = z.infer<typeof movementBatchSchema>;

/** The decimal number written in s[from, to), or -1 when a character there is not a digit. */
const digits = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
};
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The epoch milliseconds of an instant in the UTC form that validation hands on (`2024-07-01T09:30:00.000Z`,
 * a real calendar date and time), or NaN for anything else. Read digit by digit: `Date.parse` was a fifth
 * of the validation of a 500-movement batch, and the rollups read every instant once more.
 */
export function utcInstantMs(s: string): number {
  if (s.length !== 24 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== '.' || s[23] !== 'Z') return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  const ms = digits(s, 20, 23);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return NaN;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1])) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

const UUID = z.regexes.uuid();
const DIRECTION_SET = new Set<unknown>(DIRECTIONS);
const MODE_SET = new Set<unknown>(MODES);
const isCount = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/**
 * `movementBatchSchema` for the batches tablets send, in one pass that allocates nothing per movement: the
 * batch itself when every item is plainly valid (instants in the UTC form, which the schema hands on
 * unchanged), else null, and the caller parses with the schema, which names the row. It accepts only what
 * the schema accepts and answers what the schema would (`schemas.spec.ts` holds it to that): the limits
 * and vocabularies are the schema's own constants, and the site id is checked by `siteIdSchema`.
 */
export function plainMovementBatch(value: unknown, now = Date.now()): MovementBatch | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  let keys = 0;
  for (const key in value) {
    if (key !== 'movements') return null;
    keys++;
  }
  const movements = (value as { movements?: unknown }).movements;
  if (keys !== 1 || !Array.isArray(movements) || movements.length < 1 || movements.length > MAX_MOVEMENTS_PER_BATCH) return null;
  const ids = new Set<string>();
  const sites = new Set<string>();
  const latest = now + MAX_CLOCK_SKEW_MS;
  for (const item of movements as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
    let count = 0;
    for (const key in item) {
      if (!(MOVEMENT_KEYS as readonly string[]).includes(key)) return null;
      count++;
    }
    const m = item as Record<(typeof MOVEMENT_KEYS)[number], unknown>;
    if (count !== MOVEMENT_KEYS.length || typeof m.id !== 'string' || typeof m.siteId !== 'string' || typeof m.occurredAt !== 'string') return null;
    if (!DIRECTION_SET.has(m.direction) || !MODE_SET.has(m.mode) || !isCount(m.people, MAX_MOVEMENT_PEOPLE) || !isCount(m.vehicles, MAX_MOVEMENT_VEHICLES)) return null;
    if (!UUID.test(m.id) || ids.has(m.id)) return null;
    ids.add(m.id);
    if (!sites.has(m.siteId)) {
      if (!siteIdSchema.safeParse(m.siteId).success) return null;
      sites.add(m.siteId);
    }
    const at = utcInstantMs(m.occurredAt);
    if (!(at >= EARLIEST_INSTANT && at <= latest)) return null;
  }
  return value as MovementBatch;
}

export const beneficiarySchema = z.strictObject({
  sex: z.enum(SEXES).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  vulnerabilities: z.array(z.enum(VULNERABILITIES)).max(VULNERABILITIES.length).optional(),
});

export const caseCreateSchema = z
  .strictObject({
    id: z.uuid(),
    siteId: siteIdSchema,
    category: z.enum(CASE_CATEGORIES),
    subcategory: z.string().max(40).optional(),
    priority: z.enum(PRIORITIES),
    beneficiary: beneficiarySchema.optional(),
    summary: freeText().trim().max(500).optional(),
    openedAt: instantSchema,
  })
  .superRefine((value, ctx) => {
    const allowed: readonly string[] = CASE_SUBCATEGORIES[value.category];
    if (value.subcategory !== undefined && !allowed.includes(value.subcategory)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subcategory'],
        message: `must be one of ${allowed.join(', ')} for category ${value.category}`,
      });
    }
  });
export type CaseCreate = z.infer<typeof caseCreateSchema>;

/** New cases stored together (all or none); each item as `caseCreateSchema` takes it, errors at `cases.<index>.<field>`. */
export const caseBatchSchema = z
  .strictObject({
    cases: z.array(caseCreateSchema).min(1).max(MAX_CASES_PER_BATCH),
  })
  .superRefine(eachIdOnce('cases'));
export type CaseBatch = z.infer<typeof caseBatchSchema>;

export const casePatchSchema = z
  .strictObject({
    /** Client-generated id of this change, so that a retried change is not applied twice. */
    changeId: z.uuid().optional(),
    version: z.int().min(1),
    status: z.enum(CASE_STATUSES).optional(),
    assignee: freeText().trim().min(1).max(64).nullable().optional(),
    note: freeText().trim().min(1).max(1000).optional(),
  })
  .refine((value) => value.status !== undefined || value.assignee !== undefined || value.note !== undefined, {
    message: 'must change at least one of status, assignee or note',
  });
export type CasePatch = z.infer<typeof casePatchSchema>;

/** Changes applied together (all or none), in order; each names its case and carries a `changeId`, so that a resent batch applies nothing twice. */
export const caseChangeBatchSchema = z
  .strictObject({
    changes: z.array(z.strictObject({ caseId: z.uuid(), patch: casePatchSchema })).min(1).max(MAX_CASES_PER_BATCH),
  })
  .superRefine((batch, ctx) => {
    const seen = new Set<string>();
    batch.changes.forEach(({ patch }, index) => {
      if (patch.changeId === undefined) ctx.addIssue({ code: 'custom', path: ['changes', index, 'patch', 'changeId'], message: 'required in a batch' });
      else if (seen.has(patch.changeId)) ctx.addIssue({ code: 'custom', path: ['changes', index, 'patch', 'changeId'], message: 'appears twice in the batch' });
      if (patch.changeId !== undefined) seen.add(patch.changeId);
    });
  });
export type CaseChangeBatch = z.infer<typeof caseChangeBatchSchema>;

/** Bounds of a filter: a day or an instant from 2000 to 2099 (PostgreSQL has no year 0), instants in UTC. */
const inFilterRange = (value: string) => Date.parse(value) >= EARLIEST_INSTANT && Date.parse(value) < END_OF_RANGE;
const filterRangeIssue = { message: 'must be between 2000 and 2099' };
export const filterInstantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset' })
  .refine(inFilterRange, filterRangeIssue)
  .transform(toUtc);
const dateOrInstant = z.union([z.iso.date().refine(inFilterRange, filterRangeIssue), filterInstantSchema]);

/** Where a filter bound falls, both ends inclusive: a local day from its first instant up to the next day's, an instant to its own millisecond. */
/**
 * The instants a filter bound stands for; NaN for a value its own field refuses (a year outside the filters'
 * range has no local midnight to find): that field's error is the answer, the range is not compared.
 */
const safely = (bound: () => number) => {
  try {
    return bound();
  } catch {
    return Number.NaN;
  }
};
const boundStart = (v: string) => safely(() => (isFilterDay(v) ? operationDayStart(v).getTime() : Date.parse(v)));
const boundEnd = (v: string) => safely(() => (isFilterDay(v) ? operationDayStart(nextDay(v)).getTime() : Date.parse(v) + 1));
/** `to` not before `from`; bounds that are not valid instants are left to their own fields' errors. */
const inOrder = (from: string, to: string) => {
  const [start, end] = [boundStart(from), boundEnd(to)];
  return Number.isNaN(start) || Number.isNaN(end) || start < end;
};
const isFilterDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

export const caseListQuerySchema = z.strictObject({
  siteId: siteIdSchema.optional(),
  status: z.enum(CASE_STATUSES).optional(),
  /** Only the cases still open (`OPEN_CASE_STATUSES`), in one page rather than one request per status. */
  open: z.literal('true').optional(),
  category: z.enum(CASE_CATEGORIES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
}).refine((q) => q.from === undefined || q.to === undefined || inOrder(q.from, q.to), { message: 'must not be before from', path: ['to'] });
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const holdingReportSchema = z.strictObject({
  id: z.uuid(),
  vehiclesWaiting: z.int().min(0).max(100_000),
  estimatedWaitMinutes: z.int().min(0).max(7 * 24 * 60).optional(),
  reportedAt: instantSchema,
});
export type HoldingReportInput = z.infer<typeof holdingReportSchema>;

export const alertListQuerySchema = z.strictObject({
  active: z.enum(['true', 'false']).optional(),
  siteId: siteIdSchema.optional(),
});

export const metricsQuerySchema = z.strictObject({ reset: z.enum(['true', 'false']).optional() });

export const liveTodayQuerySchema = z.strictObject({
  siteId: siteIdSchema.optional().describe('one site; without it, every site the user may see'),
});
export type LiveTodayQuery = z.infer<typeof liveTodayQuerySchema>;

const coordinate = (min: number, max: number) => z.number().min(min).max(max);

const siteNameText = () => freeText().trim().min(1).max(120);

/** A site's name in each language of the console and the reports (Arabic in Arabic script). */
export const siteNamesSchema = z.strictObject({ fr: siteNameText(), ar: siteNameText(), en: siteNameText() });
export type SiteNames = z.infer<typeof siteNamesSchema>;

export const siteSchema = z.strictObject({
  id: siteIdSchema,
  name: siteNameText(),
  /** Without it, `name` in every language (a site created before its translations are known). */
  names: siteNamesSchema.optional(),
  kind: z.enum(SITE_KINDS),
  channel: z.enum(CHANNELS),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
  lat: coordinate(-90, 90),
  lon: coordinate(-180, 180),
  holdingArea: z.strictObject({ capacityVehicles: z.int().min(1).max(100_000) }).nullable(),
  /** People per hour (both directions) above which a traffic surge alert is raised. */
  hourlyThresholdPeople: z.int().min(1).max(1_000_000),
  active: z.boolean().default(true),
});
export type SiteInput = z.input<typeof siteSchema>;
export type Site = z.output<typeof siteSchema>;

/**
 * A change to a site: only the fields it names. `active` loses its default here, or every change would
 * set it back to true (renaming a closed site would reopen it).
 */
export const siteUpdateSchema = siteSchema
  .omit({ id: true })
  .extend({ active: z.boolean(), names: siteNamesSchema.partial().strict() })
  .partial()
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' });
export type SiteUpdate = z.infer<typeof siteUpdateSchema>;
/** A site as `GET /api/sites` answers it: `names` always filled. */
export type SiteView = Site & { names: SiteNames };

export const roleSchema = z.enum(ROLES);

const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2-64 lowercase letters, digits, dots, dashes or underscores');
/** Long enough to resist guessing; the upper bound keeps argon2's work bounded. */
const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(256);
const userSitesSchema = z.array(siteIdSchema).max(50);

/** Assistants work at one site or more; the other roles see every site and hold none. */
export function userSitesProblem(role: Role, siteIds: readonly string[]): string | null {
  if (isSiteBound(role) && siteIds.length === 0) return 'an assistant needs at least one site';
  if (!isSiteBound(role) && siteIds.length > 0) return 'only assistants are tied to sites';
  return null;
}

function sitesMatchRole(user: { role?: Role; siteIds?: string[] }, ctx: z.RefinementCtx): void {
  if (user.role === undefined || user.siteIds === undefined) return;
  const problem = userSitesProblem(user.role, user.siteIds);
  if (problem) ctx.addIssue({ code: 'custom', path: ['siteIds'], message: problem });
}

export const userCreateSchema = z
  .strictObject({ username: usernameSchema, password: passwordSchema, role: roleSchema, siteIds: userSitesSchema.default([]) })
  .superRefine(sitesMatchRole);
export type UserCreate = z.input<typeof userCreateSchema>;

/** Any change signs the user out everywhere: its sessions are revoked, open sockets closed. */
export const userUpdateSchema = z
  .strictObject({ password: passwordSchema, role: roleSchema, siteIds: userSitesSchema, active: z.boolean() })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' })
  .superRefine(sitesMatchRole);
export type UserUpdate = z.infer<typeof userUpdateSchema>;
export const alertRuleSchema = z.enum(ALERT_RULES);
export const alertLevelSchema = z.enum(ALERT_LEVELS);

const editionYear = z.int().min(2000).max(2099);
const editionSiteIds = z
  .array(siteIdSchema)
  .min(1)
  .max(200)
  .superRefine((ids, ctx) => {
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `${id} appears twice` });
    });
  });

function datesInYearAndOrdered(e: { year?: number; startsOn?: string; endsOn?: string }, ctx: z.RefinementCtx): void {
  for (const key of ['startsOn', 'endsOn'] as const) {
    const day = e[key];
    if (day !== undefined && e.year !== undefined && Number(day.slice(0, 4)) !== e.year) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must be in ${e.year}` });
    }
  }
  if (e.startsOn !== undefined && e.endsOn !== undefined && e.startsOn > e.endsOn) {
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'startsOn must not be after endsOn' });
  }
}

/**
 * A season (edition) and its reception sites, as `GET /api/editions` answers and `POST` creates it. Its
 * dates lie within its year and a year has one edition, so two editions never overlap.
 */
export const editionSchema = z
  .strictObject({ year: editionYear, startsOn: z.iso.date(), endsOn: z.iso.date(), siteIds: editionSiteIds })
  .superRefine(datesInYearAndOrdered);
export type Edition = z.infer<typeof editionSchema>;
/** An edition's dates, for what does not depend on its sites (day arithmetic, the season model). */
export type EditionDates = Pick<Edition, 'year' | 'startsOn' | 'endsOn'>;

/** `PATCH /api/editions/:year`: only the fields it names (dates are checked again against the stored ones). */
export const editionUpdateSchema = z
  .strictObject({ startsOn: z.iso.date(), endsOn: z.iso.date(), siteIds: editionSiteIds })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' })
  .superRefine(datesInYearAndOrdered);
export type EditionUpdate = z.infer<typeof editionUpdateSchema>;

/** The edition the console, the tablets and the demo work with on `day`: the one in progress, else the latest. */
export function workingEdition<E extends Pick<Edition, 'startsOn' | 'endsOn'>>(editions: readonly E[], day: string): E | null {
  const sorted = [...editions].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return sorted.find((e) => e.startsOn <= day && day <= e.endsOn) ?? sorted[sorted.length - 1] ?? null;
}

/** The sites the console and the tablets offer on `day`: the active sites of the working edition (every active site when there is none). */
export function workingSites<S extends { id: string; active: boolean }>(sites: readonly S[], editions: readonly Edition[], day: string): S[] {
  const edition = workingEdition(editions, day);
  return sites.filter((s) => s.active && (edition === null || edition.siteIds.includes(s.id)));
}
