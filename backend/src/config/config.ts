import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** `30s`, `15m`, `12h`, `7d`, in seconds. */
const duration = z
  .string()
  .regex(/^\d+[smhd]$/, 'must look like 15m or 12h')
  .transform((v) => Number(v.slice(0, -1)) * UNIT_SECONDS[v.at(-1) as keyof typeof UNIT_SECONDS])
  .pipe(z.number().int().min(1));

const flag = z.enum(['0', '1', 'on', 'off', 'true', 'false']).transform((v) => v === '1' || v === 'on' || v === 'true');

/** Environment variables the backend reads; each one is validated once, at start. */
const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().default('.data'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DEMO: flag.optional(),
  DEMO_PASSWORD: z.string().min(6).default('marhaba'),
  SIMULATOR: flag.default(true),
  DEMO_HISTORY: flag.default(true),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: duration.default(15 * 60),
  SESSION_TTL: duration.default(12 * 3600),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o, 'must be an origin such as https://console.example.org')))
    .default([]),
  SOCKET_MESSAGES_PER_10S: z.coerce.number().int().min(1).default(100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIVE_COALESCE_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  EVENT_LOOP_SAMPLE_MS: z.coerce.number().int().min(1).max(100).default(10),
  ALERT_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  CASE_UNATTENDED_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SITE_SILENT_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(45),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default('1mb'),
  // At most 30 s: the bound within which a revoked sign-in stops receiving when Redis cannot carry the revocation.
  SESSION_RECHECK_MS: z.coerce.number().int().min(100).max(30_000).default(30_000),
  // At most 30 s too, for the same bound over HTTP; 0 checks every request and socket message in PostgreSQL.
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(30_000).default(30_000),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1_024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  TRUST_PROXY: z.string().default('loopback').transform((v) => (/^\d+$/.test(v) ? Number(v) : v)),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_LOGIN_FAILURES: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  TILE_URL: z
    .string()
    .regex(/^(https?:\/\/|\/)\S+$/, 'must be an http(s) URL or a path on this server')
    .refine((v) => ['{z}', '{x}', '{y}'].every((part) => v.includes(part)), 'must contain {z}, {x} and {y}')
    .optional(),
  TILE_ATTRIBUTION: z.string().max(300).optional(),
  STATIC_DIR: z.string().optional(),
  AUDIT_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  AUDIT_BUFFER_ROWS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(400),
  RETENTION_DAYS_AFTER_SEASON: z.coerce.number().int().min(0).max(3_650).default(90),
  RETENTION_SWEEP_MS: z.coerce.number().int().min(1_000).max(7 * 24 * 3_600_000).default(3_600_000),
  FORECAST_REFIT_MS: z.coerce.number().int().min(1_000).max(24 * 3_600_000).default(15 * 60_000),
});

/** The built console (`npm run build`), served at `/` when present. */
const DEFAULT_STATIC_DIR = join(import.meta.dirname, '..', '..', '..', 'frontend', 'dist');

export interface AppConfig {
  port: number;
  host: string;
  /** null: start the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  demo: boolean;
  demoPassword: string;
  simulator: boolean;
  /** Demo mode preloads the past editions' daily figures (DEMO_HISTORY). */
  demoHistory: boolean;
  jwtSecret: string;
  /** Lifetime of access tokens, in seconds: how long a revoked session's token could be replayed were the session check away. */
  accessTokenTtlSeconds: number;
  /** How long a sign-in lasts (refresh tokens), in seconds: a shift. */
  sessionTtlSeconds: number;
  /** Browser origins allowed besides the console's own (CORS and the socket handshake's Origin check). */
  corsOrigins: string[];
  /** Messages one socket may send per 10 seconds before its writes are refused with 429. */
  socketMessagesPer10s: number;
  logLevel: string;
  liveCoalesceMs: number;
  alertSweepMs: number;
  caseUnattendedMinutes: number;
  /** A site normally busy that sent nothing for this long raises `site_silent`. */
  siteSilentMinutes: number;
  bodyLimit: string;
  /** Largest file `POST /api/imports` takes (larger: 413). */
  importMaxBytes: number;
  shutdownTimeoutMs: number;
  /** Sampling period of the event-loop delay in `/api/health/metrics`: finer reads short stalls exactly, at more CPU. */
  eventLoopSampleMs: number;
  /** Period at which every open socket's sign-in session is checked again (revocation without Redis). */
  sessionRecheckMs: number;
  /** How long an instance trusts its in-memory check of a sign-in session (revocations are pushed; this bounds a lost one). */
  sessionCacheMs: number;
  /** Express `trust proxy`: which proxies' X-Forwarded-For to believe for client addresses. */
  trustProxy: string | number;
  rateLimits: { loginPerAddressPerMinute: number; loginFailuresPerUserPer15Minutes: number; writesPerUserPerMinute: number };
  /** Map tiles for the console; null: its offline basemap. */
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Folder of the built console served at `/`; nothing is served when it does not exist. */
  staticDir: string;
  audit: {
    /** Refused access and failed sign-ins are buffered and written at most once per this period. */
    flushMs: number;
    /** Rows the buffer holds between flushes; beyond, refusals are only counted (in one overflow row). */
    bufferRows: number;
    /** Audit rows older than this are removed by the retention sweep. */
    retentionDays: number;
  };
  /** Period of the forecast refit (on one instance at a time); requests only read the stored forecasts. */
  forecastRefitMs: number;
  retention: {
    /** Case details are anonymised this many days after the end of the season they belong to. */
    daysAfterSeason: number;
    sweepMs: number;
  };
}

export class ConfigError extends Error {}

/**
 * Reads and checks the environment. Fails with a message naming the bad variable.
 * Without JWT_SECRET, only the embedded default may run: it keeps a generated secret in DATA_DIR.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (`DATABASE_URL=` in a compose file) means "not set".
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  const dataDir = resolve(e.DATA_DIR);
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (!embedded) throw new ConfigError('Invalid configuration: JWT_SECRET is required with DATABASE_URL');
    jwtSecret = persistentSecret(dataDir);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    redisUrl: e.REDIS_URL ?? null,
    demo: e.DEMO ?? embedded,
    demoPassword: e.DEMO_PASSWORD,
    simulator: e.SIMULATOR,
    demoHistory: e.DEMO_HISTORY,
    jwtSecret,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    sessionTtlSeconds: e.SESSION_TTL,
    corsOrigins: e.CORS_ORIGINS,
    socketMessagesPer10s: e.SOCKET_MESSAGES_PER_10S,
    logLevel: e.LOG_LEVEL,
    liveCoalesceMs: e.LIVE_COALESCE_MS,
    eventLoopSampleMs: e.EVENT_LOOP_SAMPLE_MS,
    alertSweepMs: e.ALERT_SWEEP_MS,
    caseUnattendedMinutes: e.CASE_UNATTENDED_MINUTES,
    siteSilentMinutes: e.SITE_SILENT_MINUTES,
    bodyLimit: e.BODY_LIMIT,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    sessionRecheckMs: e.SESSION_RECHECK_MS,
    sessionCacheMs: e.SESSION_CACHE_MS,
    trustProxy: e.TRUST_PROXY,
    rateLimits: {
      loginPerAddressPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginFailuresPerUserPer15Minutes: e.RATE_LIMIT_LOGIN_FAILURES,
      writesPerUserPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
    },
    tileUrl: e.TILE_URL ?? null,
    tileAttribution: e.TILE_ATTRIBUTION ?? null,
    staticDir: e.STATIC_DIR ? resolve(e.STATIC_DIR) : DEFAULT_STATIC_DIR,
    audit: { flushMs: e.AUDIT_FLUSH_MS, bufferRows: e.AUDIT_BUFFER_ROWS, retentionDays: e.AUDIT_RETENTION_DAYS },
    retention: { daysAfterSeason: e.RETENTION_DAYS_AFTER_SEASON, sweepMs: e.RETENTION_SWEEP_MS },
    forecastRefitMs: e.FORECAST_REFIT_MS,
  };
}

/** A secret generated once per data folder, so that logins survive restarts of the embedded default. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
