import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import type { Socket } from 'socket.io-client';
import { API_ERROR_CODES, hasPermission, PERMISSIONS, type Permission, type Role } from '@marhaba/shared';
import { ForecastService } from '../../src/modules/forecast/forecast.service.js';
import { LiveGateway } from '../../src/realtime/live.gateway.js';
import type { LiveClient, TestApp } from './test-app.js';

/** Rate limits high enough that no 429 hides what validation and the guard say (TestApp.start environment). */
export const UNLIMITED = {
  RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
  RATE_LIMIT_LOGIN_FAILURES: '1000000',
  SOCKET_MESSAGES_PER_10S: '1000000',
};

/** The subset of JSON Schema (OpenAPI 3.0 flavour) that zod's `toJSONSchema` produces for our contract. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the OpenAPI document the app builds, with who may call it. */
export interface Operation {
  /** `POST /api/movements`: the method and the path template as the document writes them. */
  key: string;
  method: string;
  path: string;
  /** Names of the `{params}` of the path template. */
  pathParams: string[];
  /** Documented query parameters (empty: the route takes no query string). */
  query: Parameter[];
  body: JsonSchema | null;
  /** `x-permission` (from `@Allow`): the roles holding it pass the guard, the others get 403. */
  permission: Permission | null;
  /** `x-public` (from `@Public`): no token needed. */
  isPublic: boolean;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  'x-permission'?: string;
  'x-public'?: boolean;
}

/** Every operation of `GET /api/docs-json`, so that routes added later are covered without editing the tests. */
export async function apiOperations(app: TestApp): Promise<Operation[]> {
  const docs = await app.request('GET', '/api/docs-json');
  if (docs.status !== 200) throw new Error(`GET /api/docs-json answered ${docs.status}`);
  const paths = docs.body.paths as Record<string, Record<string, OpenApiOperation>>;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => {
      const permission = op['x-permission'] ?? null;
      if (permission !== null && !(permission in PERMISSIONS)) throw new Error(`${method} ${path}: unknown x-permission ${permission}`);
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        permission: permission as Permission | null,
        isPublic: op['x-public'] === true,
      };
    }),
  );
}

/**
 * The routes Nest itself serves (`METHOD /api/path/{param}`), read from the controllers' metadata: a
 * route left out of the OpenAPI document would otherwise escape the tests that enumerate the document.
 */
export function nestRouteKeys(app: TestApp): string[] {
  const keys: string[] = [];
  const join = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = join('api', base, Reflect.getMetadata(PATH_METADATA, handler) ?? '').replace(/:(\w+)/g, '{$1}');
        keys.push(`${method} ${path}`);
      }
    }
  }
  return keys.sort();
}

/** Whether a role gets past the guard of an operation (null: no token). */
export function passesGuard(op: Operation, role: Role | null): boolean {
  if (op.isPublic) return true;
  if (role === null) return false;
  return op.permission === null || hasPermission(role, op.permission);
}

/** Routes that act on the caller's own session (logout): the tests give each call a sign-in of its own. */
export function isSessionRoute(op: Operation): boolean {
  return !op.isPublic && op.path.startsWith('/api/auth/');
}

/** Events the `/live` gateway subscribes to, from its `@SubscribeMessage` metadata. */
export function gatewayEvents(): string[] {
  const proto = LiveGateway.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .map((name) => (typeof proto[name] === 'function' ? (Reflect.getMetadata(MESSAGE_METADATA, proto[name] as object) as string | undefined) : undefined))
    .filter((event): event is string => event !== undefined)
    .sort();
}

/** The socket as a hostile client holds it: any event name, any arguments, outside the typed event map. */
export function untyped(socket: LiveClient): Socket {
  return socket as unknown as Socket;
}

/**
 * The HTTP operation each socket event mirrors (DESIGN.md: same validation, idempotency and roles); the
 * socket tests take the payload schema and the permission from it. A new event must be added here: the
 * tests fail until it is.
 */
export const SOCKET_EQUIVALENTS: Record<string, string> = {
  movements: 'POST /api/movements',
  'case:create': 'POST /api/cases',
  'snapshot:request': 'GET /api/live/snapshot',
};

/** The path with its `{params}` filled in, each encoded as one path segment. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encode(value);
  });
}

export function queryString(entries: [string, string][]): string {
  return entries.length === 0 ? '' : '?' + entries.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

/** encodeURIComponent, except that a lone surrogate goes out as U+FFFD (as UTF-8 would carry it) instead of throwing. */
function encode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9\-_.!~*'()]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** Tables that hold the domain's data; audit and session tables are left out (refused access is recorded there). */
export async function domainTables(app: TestApp): Promise<string[]> {
  const rows = await app.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  return rows.map((r) => r.name).filter((name) => name !== 'migrations' && !/audit|session|token|login/.test(name));
}

/** One digest per row of every domain table. */
async function tableDigests(app: TestApp, tables: string[]): Promise<Map<string, Set<string>>> {
  const digests = new Map<string, Set<string>>();
  for (const table of tables) {
    const rows = await app.query<{ d: string }>(`SELECT md5(t::text) AS d FROM "${table}" t`);
    digests.set(table, new Set(rows.map((r) => r.d)));
  }
  return digests;
}

/**
 * Takes a digest of every row of the domain tables now; the function it returns counts, per table, the
 * rows added, removed or changed since (only tables with changes).
 */
export async function watchDomainTables(app: TestApp): Promise<() => Promise<Record<string, number>>> {
  // The start's forecast refit runs in the background and stores every site's forecast: a digest taken before
  // it ends would count those rows as the test's.
  await app.get(ForecastService).firstRefitSettled();
  const tables = await domainTables(app);
  const before = await tableDigests(app, tables);
  return async () => {
    const changes: Record<string, number> = {};
    for (const [table, rows] of await tableDigests(app, tables)) {
      const old = before.get(table)!;
      const n = [...rows].filter((r) => !old.has(r)).length + [...old].filter((r) => !rows.has(r)).length;
      if (n > 0) changes[table] = n;
    }
    return changes;
  };
}

/** An error answer as DESIGN.md describes it: JSON `{statusCode, error, code, message}` that says what is wrong. */
export function isApiError(status: number, body: unknown): boolean {
  const b = body as { statusCode?: unknown; error?: unknown; code?: unknown; message?: unknown } | null;
  return (
    b !== null &&
    typeof b === 'object' &&
    b.statusCode === status &&
    typeof b.error === 'string' &&
    (API_ERROR_CODES as readonly unknown[]).includes(b.code) &&
    typeof b.message === 'string' &&
    b.message.length > 0
  );
}
