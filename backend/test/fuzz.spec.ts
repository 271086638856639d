import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { CASE_CATEGORIES, CASE_SUBCATEGORIES, ROLES, isSiteBound, type Role } from '@marhaba/shared';
import {
  apiOperations,
  domainTables,
  fillPath,
  gatewayEvents,
  isApiError,
  isSessionRoute,
  nestRouteKeys,
  passesGuard,
  queryString,
  SOCKET_EQUIVALENTS,
  type JsonSchema,
  UNLIMITED,
  untyped,
  watchDomainTables,
  type Operation,
} from './support/api-surface.js';
import {
  hostileKey,
  hostileString,
  longString,
  notAnObject,
  refusedMutation,
  refusedQueryValue,
  toJsonText,
  validSample,
  validValue,
  type Path,
} from './support/hostile-input.js';
import { newCase, TestApp, type LiveClient } from './support/test-app.js';

/**
 * Property-based fuzzing (fast-check) of every operation of the OpenAPI document and every event of the
 * `/live` gateway, on the real backend and a real PostgreSQL. Runs per operation are chosen so that the
 * file stays well under two minutes on two busy cores.
 */
const RUNS = { invalidPerWeight: 5, invalidPerOperation: 120, invalidPerEvent: 60, unknownEvents: 30, edgePerOperation: 12, edgePerWrite: 30, edgePublic: 8 };
const BODY_LIMIT_BYTES = 1024 * 1024;

interface Actor {
  name: string;
  role: Role | null;
  token: string | null;
  /** The site its requests are about: its own for an assistant. */
  site: string;
}

interface Attempt {
  family: string;
  path: string;
  query: string;
  body?: { text: string | Uint8Array; contentType: string | null };
  /** What the 400 message must name (a field path, a parameter). */
  mentions: string[];
  /** Transport-level problems are found before authentication. */
  beforeGuard?: boolean;
}

/**
 * A request that got no answer (a reset seen once under load and never reproduced since): the failure names
 * the request and what undici knew of its connection, so that the next one tells its cause.
 */
function transportFailure(op: Operation, attempt: Pick<Attempt, 'family' | 'path' | 'query' | 'body'>, error: unknown): Error {
  const cause = (error as { cause?: { code?: string; message?: string; socket?: Record<string, unknown> } }).cause;
  const body = attempt.body?.text;
  return new Error(
    `${op.method} ${attempt.path.slice(0, 120)} (${attempt.family}; query ${attempt.query.length} chars, body ${typeof body === 'string' ? Buffer.byteLength(body) : (body?.byteLength ?? 0)} bytes as ${attempt.body?.contentType ?? 'none'}) got no answer: ${String(error)}; cause ${cause?.code ?? ''} ${cause?.message ?? ''}; connection ${JSON.stringify(cause?.socket ?? null)}`,
    { cause: error },
  );
}

const tally = { crossField: 0, http: 0, socket: 0, refused4xx: 0, server5xx: 0, accepted2xx: 0, edge: 0, edge5xx: 0, rowsChanged: 0, operations: 0, events: 0 };

describe('fuzzing every endpoint and socket event with hostile input (fast-check)', () => {
  let app: TestApp;
  let ops: Operation[];
  let actors: Actor[];
  const fixtures = { caseAt: {} as Record<string, string>, alertId: '' };

  beforeAll(async () => {
    app = await TestApp.start(undefined, UNLIMITED);
    actors = [{ name: 'anonymous', role: null, token: null, site: 'nador' }];
    for (const [name, role, site] of [
      ['admin', 'admin', 'nador'],
      ['coordinator', 'coordinator', 'nador'],
      ['supervisor', 'supervisor', 'nador'],
      ['assistant-nador', 'assistant', 'nador'],
      ['assistant-tanger-med', 'assistant', 'tanger-med'],
    ] as const) {
      actors.push({ name, role, token: await app.login(name), site });
    }
    const coordinator = actors.find((a) => a.name === 'coordinator')!.token!;
    for (const siteId of ['nador', 'tanger-med']) {
      const c = newCase({ siteId, category: 'medical', subcategory: 'emergency', priority: 'critical' });
      expect((await app.request('POST', '/api/cases', { token: coordinator, body: c })).status).toBe(201);
      fixtures.caseAt[siteId] = c.id;
    }
    fixtures.alertId = (await app.request('GET', '/api/alerts?active=true&siteId=nador', { token: coordinator })).body[0].id;
    ops = await apiOperations(app);
  });
  afterAll(async () => {
    console.log(
      `[reliability] fuzz: ${tally.http + tally.socket} invalid requests (HTTP ${tally.http} over ${tally.operations} operations, socket ${tally.socket} over ${tally.events} events + unknown ones), ` +
        `4xx ${tally.refused4xx}, 5xx ${tally.server5xx}, 2xx ${tally.accepted2xx}, rows changed ${tally.rowsChanged}; ` +
        `edge-valid requests ${tally.edge}, 5xx ${tally.edge5xx}; cross-field violations ${tally.crossField}, all 400`,
    );
    await app.close();
  });

  /** Values for `{params}` that reach validation: the actor's site, a case of its site, a real alert. */
  function pathSeed(op: Operation, name: string, actor: Actor): string {
    const resource = op.path.slice(0, op.path.indexOf(`{${name}}`)).split('/').filter(Boolean).pop();
    if (name === 'siteId' || resource === 'sites') return actor.site;
    if (resource === 'cases') return fixtures.caseAt[actor.site]!;
    if (resource === 'alerts') return fixtures.alertId;
    if (name === 'year') return '2024';
    if (name === 'format') return 'csv';
    return randomUUID();
  }

  const bodyHint = (actor: Actor) => (path: Path) => (path[path.length - 1] === 'siteId' ? actor.site : undefined);

  const samples = new Map<string, { pathValues: Record<string, string>; body: unknown }>();
  function sampleFor(op: Operation, actor: Actor) {
    const key = `${op.key} ${actor.name}`;
    if (!samples.has(key)) {
      samples.set(key, {
        pathValues: Object.fromEntries(op.pathParams.map((name) => [name, pathSeed(op, name, actor)])),
        body: op.body ? validSample(op.body, bodyHint(actor)) : undefined,
      });
    }
    return samples.get(key)!;
  }

  /**
   * A path parameter no route accepts: it holds a character outside [a-z0-9-] or is too long, and is never
   * only dots. URLs stay under Node's 16 KB header limit (beyond it, see the oversized URL test).
   */
  const refusedPathValue = fc
    .oneof(hostileString, longString(65, 1_200), hostileKey)
    .filter((s) => s !== '' && !/^\.+$/.test(s) && (/[^a-z0-9-]/.test(s) || s.length > 64));

  /**
   * Invalid requests for one operation, weighted towards the body (where most validation lives): a bad
   * query string, path parameter, body field, body shape, JSON text, content type or size.
   */
  function invalidAttempts(op: Operation, actor: Actor): fc.WeightedArbitrary<Attempt>[] {
    const { pathValues, body } = sampleFor(op, actor);
    const path = fillPath(op.path, pathValues);
    const json = (value: unknown) => ({ text: toJsonText(value), contentType: 'application/json' });
    const validBody = body === undefined ? undefined : json(body);
    const at = (rest: Omit<Attempt, 'path' | 'query' | 'body'> & Partial<Attempt>): Attempt => ({ path, query: '', body: validBody, ...rest });
    const families: fc.WeightedArbitrary<Attempt>[] = [];

    // Query strings: an unknown key (every route), a bad or repeated value of a documented one.
    const documented = new Set(op.query.map((q) => q.name));
    families.push({
      weight: 1,
      arbitrary: fc
        .tuple(hostileKey.filter((k) => !documented.has(k)), hostileString)
        .map(([k, v]) => at({ family: 'unknown query key', query: queryString([[k, v]]), mentions: /^[\w-]+$/.test(k) ? [k] : [] })),
    });
    if (op.query.length > 0) {
      families.push(
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(...op.query)
            .chain((q) => refusedQueryValue(q.schema).map((v) => at({ family: 'bad query value', query: queryString([[q.name, v]]), mentions: [q.name] }))),
        },
        { weight: 1, arbitrary: fc.constantFrom(...op.query).map((q) => at({ family: 'repeated query key', query: queryString([[q.name, 'a'], [q.name, 'b']]), mentions: [q.name] })) },
      );
    }
    if (op.pathParams.length > 0) {
      families.push({
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...op.pathParams), refusedPathValue)
          .map(([name, v]) => at({ family: 'bad path parameter', path: fillPath(op.path, { ...pathValues, [name]: v }), mentions: [] })),
      });
    }
    if (op.body && body !== undefined) {
      const contentTypes = [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/octet-stream',
        'application/json-patch+json',
        'application/json; charset=iso-8859-1',
        'application/json; charset=utf-16',
        null,
      ];
      families.push(
        {
          weight: 10,
          arbitrary: refusedMutation(op.body, body, true).map((m) =>
            at({
              family: m.family,
              body: json(m.body),
              mentions: [m.path, ...(m.key !== undefined && /^[\w-]+$/.test(m.key) ? [m.key] : [])].filter(Boolean),
              // A scalar in place of the whole body is refused by the JSON parser (strict mode), before authentication.
              beforeGuard: !/^[[{]/.test(toJsonText(m.body)),
            }),
          ),
        },
        { weight: 1, arbitrary: notAnObject.map((v) => at({ family: 'not an object', body: json(v), mentions: [], beforeGuard: true })) },
        {
          weight: 1,
          arbitrary: badJsonText(toJsonText(body)).map((text) => at({ family: 'bad JSON', body: { text, contentType: 'application/json' }, mentions: [], beforeGuard: true })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...contentTypes).map((contentType) =>
            at({
              family: 'wrong content type',
              body: { text: contentType === null ? new TextEncoder().encode(toJsonText(body)) : toJsonText(body), contentType },
              mentions: [],
              beforeGuard: true,
            }),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.integer({ min: 1, max: 200_000 }).map((extra) =>
            at({
              family: 'oversize body',
              body: { text: toJsonText({ ...(body as object), padding: 'x'.repeat(BODY_LIMIT_BYTES + extra) }), contentType: 'application/json' },
              mentions: [],
              beforeGuard: true,
            }),
          ),
        },
      );
    }
    return families;
  }

  async function send(op: Operation, actor: Actor, attempt: Pick<Attempt, 'family' | 'path' | 'query' | 'body'>) {
    const token = actor.token && isSessionRoute(op) ? await app.login(actor.name) : actor.token;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${app.baseUrl}${attempt.path}${attempt.query}`, {
        method: op.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(attempt.body?.contentType ? { 'content-type': attempt.body.contentType } : {}),
        },
        body: attempt.body?.text as BodyInit | undefined,
      });
      text = await response.text();
    } catch (error) {
      throw transportFailure(op, attempt, error);
    }
    let body: unknown = text;
    if (response.headers.get('content-type')?.includes('application/json')) body = text ? JSON.parse(text) : null;
    return { status: response.status, body };
  }

  it('should describe every route it serves in the OpenAPI document', () => {
    expect(ops.map((op) => op.key).sort()).toEqual(nestRouteKeys(app));
  });

  it('should answer invalid input at every endpoint with a 4xx that says what is wrong, and store nothing', async () => {
    // The tables watched are found, not listed: a table added later is watched too.
    expect(await domainTables(app)).toEqual(
      expect.arrayContaining(['movements', 'traffic_buckets', 'traffic_days', 'holding_reports', 'cases', 'case_events', 'case_days', 'alerts', 'sites', 'editions', 'users', 'user_sites', 'live_sequences']),
    );
    const changedRows = await watchDomainTables(app);
    const exercised = new Map<string, { total: number; validated: number }>();

    for (const op of ops) {
      const allowed = actors.filter((a) => passesGuard(op, a.role));
      const actor = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constantFrom(...actors) });
      const counts = { total: 0, validated: 0 };
      exercised.set(op.key, counts);
      // More runs where there is more to break: about six per unit of weight of the operation's families.
      const weight = invalidAttempts(op, allowed[0]!).reduce((sum, f) => sum + f.weight, 0);
      await fc.assert(
        fc.asyncProperty(
          actor.chain((a) => fc.oneof(...invalidAttempts(op, a)).map((attempt) => ({ actor: a, attempt }))),
          async ({ actor: a, attempt }) => {
            const res = await send(op, a, attempt);
            tally.http++;
            counts.total++;
            if (res.status >= 500) tally.server5xx++;
            else if (res.status < 300) tally.accepted2xx++;
            else tally.refused4xx++;
            const context = `${op.method} ${(attempt.path + attempt.query).slice(0, 300)} as ${a.name} (${attempt.family}): ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
            expect([context, res.status >= 400 && res.status < 500]).toEqual([context, true]);
            expect([context, isApiError(res.status, res.body)]).toEqual([context, true]);
            if (passesGuard(op, a.role)) {
              expect([context, [401, 403].includes(res.status)]).toEqual([context, false]);
              counts.validated++;
              const message = (res.body as { message: string }).message;
              if (res.status === 400) for (const m of attempt.mentions) expect([context, message.includes(m)]).toEqual([context, true]);
            } else if (!attempt.beforeGuard || ![400, 413, 415].includes(res.status)) {
              expect([context, res.status]).toEqual([context, a.role === null ? 401 : 403]);
            }
          },
        ),
        { numRuns: Math.min(RUNS.invalidPerOperation, 10 + RUNS.invalidPerWeight * weight) },
      );
    }
    tally.operations = exercised.size;

    const changes = await changedRows();
    tally.rowsChanged = Object.values(changes).reduce((a, b) => a + b, 0);
    expect(changes).toEqual({});
    // Every operation of the document was exercised, past the guard.
    for (const op of ops) expect([op.key, (exercised.get(op.key)?.validated ?? 0) > 0]).toEqual([op.key, true]);
  }, 240_000);

  it('should answer invalid socket events in their acknowledgement with a 4xx, stay up for everyone, and store nothing', async () => {
    const changedRows = await watchDomainTables(app);
    const events = gatewayEvents();
    expect(Object.keys(SOCKET_EQUIVALENTS).sort()).toEqual(events);
    const byKey = new Map(ops.map((op) => [op.key, op]));

    // A dashboard that watches throughout: it must stay connected and see nothing, since nothing is stored.
    const coordinator = actors.find((a) => a.name === 'coordinator')!;
    const { socket: bystander } = await app.connect(coordinator.token!);
    const seen: string[] = [];
    for (const name of ['traffic', 'traffic:batch', 'case', 'alert', 'holding'] as const) bystander.on(name, () => seen.push(name));
    let bystanderDropped = false;
    bystander.on('disconnect', () => (bystanderDropped = true));

    const sockets = new Map<string, LiveClient>();
    for (const a of actors.filter((x) => x.token)) sockets.set(a.name, (await app.connect(a.token!)).socket);
    const ack = async (a: Actor, event: string, args: unknown[]) => {
      tally.socket++;
      const result = (await untyped(sockets.get(a.name)!).timeout(10_000).emitWithAck(event, ...args)) as { ok: boolean; error?: { statusCode: number } };
      const status = result.error?.statusCode ?? 200;
      if (status >= 500) tally.server5xx++;
      else if (status < 300) tally.accepted2xx++;
      else tally.refused4xx++;
      return result;
    };

    for (const event of events) {
      const op = byKey.get(SOCKET_EQUIVALENTS[event]!)!;
      expect([event, op]).toEqual([event, expect.anything()]);
      const signedIn = actors.filter((a) => a.token);
      const actor = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...signedIn.filter((a) => passesGuard(op, a.role))) }, { weight: 1, arbitrary: fc.constantFrom(...signedIn) });
      const payloads = (a: Actor): fc.Arbitrary<unknown[]> => {
        const sample = op.body ? validSample(op.body, bodyHint(a)) : undefined;
        const odd = fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2_000 }).map((bytes): unknown[] => [Buffer.from(bytes)]),
          fc.tuple(notAnObject, notAnObject).map((args) => args as unknown[]),
          notAnObject.map((v): unknown[] => [v]),
        );
        if (!op.body || sample === undefined) return fc.oneof(odd, fc.jsonValue({ maxDepth: 3 }).map((v): unknown[] => [v]));
        const withBinary = fc.uint8Array({ maxLength: 100 }).map((bytes): unknown[] => [{ ...(sample as object), [Object.keys(op.body!.properties ?? {})[0]!]: Buffer.from(bytes) }]);
        return fc.oneof(
          { weight: 5, arbitrary: refusedMutation(op.body, sample, false).map((m): unknown[] => [m.body]) },
          { weight: 2, arbitrary: odd },
          { weight: 1, arbitrary: fc.constant<unknown[]>([]) },
          { weight: 1, arbitrary: withBinary },
        );
      };
      await fc.assert(
        fc.asyncProperty(
          actor.chain((a) => payloads(a).map((args) => ({ actor: a, args }))),
          async ({ actor: a, args }) => {
            const result = await ack(a, event, args);
            const context = `${event} as ${a.name} with ${JSON.stringify(args).slice(0, 200)}: ${JSON.stringify(result).slice(0, 300)}`;
            expect([context, result.ok]).toEqual([context, false]);
            const error = result.error!;
            expect([context, error.statusCode >= 400 && error.statusCode < 500 && isApiError(error.statusCode, error)]).toEqual([context, true]);
            expect([context, error.statusCode]).toEqual([context, passesGuard(op, a.role) ? 400 : 403]);
          },
        ),
        { numRuns: RUNS.invalidPerEvent },
      );
    }
    tally.events = events.length;

    // Events nobody handles are answered too (404), whatever their name.
    const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actors.filter((a) => a.token)),
        fc.oneof(hostileString, hostileKey, fc.constantFrom('join', 'subscribe', 'room:join', 'snapshot', 'case:update', 'movements ')).filter((e) => !events.includes(e) && !reserved.has(e)),
        fc.jsonValue({ maxDepth: 2 }),
        async (a, event, payload) => {
          const result = await ack(a, event, [payload]);
          expect([event, result]).toEqual([event, { ok: false, error: expect.objectContaining({ statusCode: 404 }) }]);
        },
      ),
      { numRuns: RUNS.unknownEvents },
    );

    // Without an acknowledgement callback the server still refuses, silently, and the socket keeps working.
    const assistant = sockets.get('assistant-nador')!;
    const movementsOp = byKey.get(SOCKET_EQUIVALENTS.movements!)!;
    for (const m of fc.sample(refusedMutation(movementsOp.body!, validSample(movementsOp.body!, bodyHint(actors.find((a) => a.name === 'assistant-nador')!)), false), 20)) {
      untyped(assistant).emit('movements', m.body);
      tally.socket++;
    }
    expect(await assistant.timeout(10_000).emitWithAck('snapshot:request')).toMatchObject({ ok: true });

    // Frames the parser cannot read, and one above the size limit: that connection is dropped, no other.
    const rawPackets = [
      '2/live,["movements",{"movements":[',
      '2/live,["movements"',
      '2/live,{"movements":1}',
      '2/live,[]',
      '2/live,[{"a":1},2]',
      '2/live,1["movements",{"__proto__":{"role":"admin"},"movements":[]}]',
      '2/live,99999999999999999999999["movements",{}]',
      '5/live,1-["movements",{"_placeholder":true,"num":0}]',
      '2/live,["movements",{"_placeholder":true,"num":99}]',
      '0/live,{"token":"forged"}',
      '2/admin,["movements",{}]',
      `2/live,["movements",${'['.repeat(50_000)}${']'.repeat(50_000)}]`,
      '4/live,"boom"',
      '9garbage',
      '',
    ];
    for (const packet of rawPackets) {
      const { socket } = await app.connect(actors.find((a) => a.name === 'coordinator')!.token!);
      (socket.io.engine as unknown as { write(data: string): void }).write(packet);
      tally.socket++;
      // The server reads a connection's packets in order: the answer to the next one (an unknown event,
      // answered 404) or the connection dropped means it has dealt with this one.
      await Promise.race([new Promise((resolve) => socket.once('disconnect', resolve)), untyped(socket).timeout(5_000).emitWithAck('fuzz:after').catch(() => null)]);
      socket.disconnect();
    }
    const { socket: oversize } = await app.connect(coordinator.token!);
    const dropped = new Promise<string>((resolve) => oversize.once('disconnect', resolve));
    untyped(oversize).emit('movements', { movements: 'x'.repeat(BODY_LIMIT_BYTES + 10_000) });
    tally.socket++;
    expect(await dropped).toMatch(/transport (close|error)/);

    expect(await bystander.timeout(10_000).emitWithAck('snapshot:request')).toMatchObject({ ok: true });
    expect({ bystanderDropped, seen }).toEqual({ bystanderDropped: false, seen: [] });
    for (const socket of sockets.values()) expect(socket.connected).toBe(true);
    const changes = await changedRows();
    tally.rowsChanged += Object.values(changes).reduce((a, b) => a + b, 0);
    expect(changes).toEqual({});
  }, 180_000);

  it('should never answer 5xx to edge values the schemas accept (years 0000 and 9999, offsets, largest numbers, hostile free text)', async () => {
    const recentInstant = fc
      .tuple(fc.integer({ min: 60_000, max: 30 * 86_400_000 }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), fc.integer({ min: 0, max: 9 }))
      .map(([ago, offsetMinutes, digits]) => {
        const local = new Date(Date.now() - ago + offsetMinutes * 60_000).toISOString().slice(0, 19);
        const fraction = digits === 0 ? '' : '.' + '123456789'.slice(0, digits);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        return `${local}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      });
    for (const op of ops) {
      const allowed = actors.filter((a) => passesGuard(op, a.role));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...allowed).chain((a) => {
            // What the schema cannot say: the actor's own site, a recent instant, and a subcategory that
            // must match the category (left out), so that most bodies are valid and reach the database.
            const hint = (path: Path, schema: JsonSchema) => {
              const key = path[path.length - 1];
              if (key === 'siteId') return fc.constant(a.site);
              if (key === 'subcategory') return fc.constant(undefined);
              if (schema.format === 'date-time' && path.length > 0 && op.body) return recentInstant;
              return undefined;
            };
            const query = op.query.length === 0 ? fc.constant([] as [string, string][]) : fc.subarray(op.query).chain((qs) => fc.tuple(...qs.map((q) => validValue(q.schema, () => undefined).map((v) => [q.name, String(v)] as [string, string]))));
            const body = op.body ? validValue(op.body, hint) : fc.constant(undefined);
            return fc.record({ actor: fc.constant(a), query, body });
          }),
          async ({ actor: a, query, body }) => {
            const { pathValues } = sampleFor(op, a);
            const res = await send(op, a, { family: 'edge value', path: fillPath(op.path, pathValues), query: queryString(query), body: body === undefined ? undefined : { text: toJsonText(body), contentType: 'application/json' } });
            tally.edge++;
            if (res.status >= 500) tally.edge5xx++;
            const context = `${op.method} ${op.path}${queryString(query)} as ${a.name} with ${JSON.stringify(body)?.slice(0, 300)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
            expect([context, res.status < 500]).toEqual([context, true]);
            if (res.status >= 400) expect([context, isApiError(res.status, res.body)]).toEqual([context, true]);
          },
        ),
        // Public routes are the login, which hashes a password per request: fewer runs there.
        { numRuns: op.isPublic ? RUNS.edgePublic : op.body ? RUNS.edgePerWrite : RUNS.edgePerOperation },
      );
    }
  }, 180_000);

  it('should say in its own words what is wrong with the request itself', async () => {
    const coordinator = actors.find((a) => a.name === 'coordinator')!;
    const raw = (path: string, init: RequestInit) =>
      fetch(`${app.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${coordinator.token}`, ...init.headers } }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await raw('/api/sites?siteID=nador', {})).toMatchObject({ status: 400, body: { message: 'siteID: unknown query parameter: this route takes none' } });
    expect(await raw('/api/cases?siteID=nador', {})).toMatchObject({ status: 400, body: { message: 'Unrecognized key: "siteID"' } });
    const patch = { method: 'PATCH', body: JSON.stringify({ name: 'Nador' }) };
    expect(await raw('/api/sites/nador', { ...patch, headers: { 'content-type': 'text/plain' } })).toMatchObject({ status: 415, body: { message: 'the request body must be application/json' } });
    expect(await raw('/api/sites/nador', { ...patch, headers: { 'content-type': 'application/json; charset=latin1' } })).toMatchObject({ status: 415, body: { message: 'request body must be UTF-8 JSON' } });
    expect(await raw('/api/sites/nador', { method: 'PATCH', body: '{"name": <script>', headers: { 'content-type': 'application/json' } })).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', code: 'invalid_input', message: 'request body is not valid JSON' },
    });
    const large = { method: 'PATCH', body: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES) }), headers: { 'content-type': 'application/json' } };
    expect(await raw('/api/sites/nador', large)).toMatchObject({ status: 413, body: { message: 'request body is too large' } });
    const { socket } = await app.connect(coordinator.token!);
    expect(await untyped(socket).timeout(5_000).emitWithAck('case:delete', { id: randomUUID() })).toEqual({ ok: false, error: { statusCode: 404, error: 'Not Found', code: 'not_found', message: 'unknown event case:delete' } });
    expect(await untyped(socket).timeout(5_000).emitWithAck('snapshot:request', { siteId: 'nador' })).toMatchObject({ ok: false, error: { statusCode: 400, message: 'snapshot:request takes no payload' } });
  });

  it('should answer requests that break a rule between fields with a 400 naming the field, and store nothing', async () => {
    const token = (name: string) => actors.find((a) => a.name === name)!.token!;
    const changedRows = await watchDomainTables(app);
    const day = fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2098, 0, 1) }).map((ms) => new Date(ms));
    const reversed = fc.tuple(day, fc.integer({ min: 1, max: 400 * 86_400_000 }));
    const asDay = (d: Date) => d.toISOString().slice(0, 10);
    const dayAfter = (d: Date, ms: number) => new Date(d.getTime() + Math.max(ms, 86_400_000));
    const subcategoryOfAnother = fc.constantFrom(...CASE_CATEGORIES).chain((category) =>
      fc.constantFrom(...CASE_CATEGORIES.filter((other) => other !== category).flatMap((other) => CASE_SUBCATEGORIES[other].filter((s) => !(CASE_SUBCATEGORIES[category] as readonly string[]).includes(s)))).map((subcategory) => ({ category, subcategory })),
    );
    // Assistants need sites, the other roles hold none.
    const sitesNotOfRole = fc.constantFrom(...ROLES).map((role) => ({ role, siteIds: isSiteBound(role) ? [] : ['nador'] }));
    const users = (await app.request('GET', '/api/users', { token: token('admin') })).body as { id: string; username: string }[];
    const someUser = users.find((u) => u.username === 'assistant-tanger-med')!.id;
    const attempts = fc.oneof(
      reversed.map(([from, ms]) => ({ field: 'to', as: 'coordinator', method: 'GET', path: `/api/cases?from=${asDay(dayAfter(from, ms))}&to=${asDay(from)}` })),
      reversed.map(([from, ms]) => ({ field: 'to', as: 'coordinator', method: 'GET', path: `/api/cases?from=${new Date(from.getTime() + ms).toISOString()}&to=${from.toISOString()}` })),
      reversed.map(([from, ms]) => ({ field: 'to', as: 'admin', method: 'GET', path: `/api/audit?from=${new Date(from.getTime() + ms).toISOString()}&to=${from.toISOString()}` })),
      fc.integer({ min: 1, max: 100 }).map((n) => ({ field: 'to', as: 'supervisor', method: 'GET', path: `/api/stats/season/2024?from=2024-09-15&to=${asDay(new Date(Date.UTC(2024, 8, 15) - n * 86_400_000))}` })),
      subcategoryOfAnother.map((c) => ({ field: 'subcategory', as: 'coordinator', method: 'POST', path: '/api/cases', body: newCase({ siteId: 'nador', ...c }) })),
      fc.tuple(sitesNotOfRole, fc.stringMatching(/^[a-z][a-z0-9]{5,20}$/)).map(([r, username]) => ({ field: 'siteIds', as: 'admin', method: 'POST', path: '/api/users', body: { username, password: 'a-long-password', ...r } })),
      sitesNotOfRole.map((r) => ({ field: 'siteIds', as: 'admin', method: 'PATCH', path: `/api/users/${someUser}`, body: r })),
    );
    await fc.assert(
      fc.asyncProperty(attempts, async (attempt) => {
        const res = await app.request(attempt.method, attempt.path, { token: token(attempt.as), body: 'body' in attempt ? attempt.body : undefined });
        tally.crossField++;
        const context = `${attempt.method} ${attempt.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect([context, res.status]).toEqual([context, 400]);
        expect([context, String(res.body.message).includes(attempt.field)]).toEqual([context, true]);
      }),
      { numRuns: 140 },
    );
    expect(await changedRows()).toEqual({});
  });

  it('should answer forged pagination cursors (opaque tokens decoded by the server) with a 4xx, never a 5xx', async () => {
    const paginated = ops.filter((op) => op.method === 'GET' && op.query.some((q) => q.name === 'cursor'));
    expect(paginated.length).toBeGreaterThan(0);
    const forged = fc
      .tuple(
        fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 21n }).map(String), fc.stringMatching(/^\d{1,25}$/), hostileString),
        fc.oneof(fc.uuid().map((u) => u.replace(/[0-9a-f]/g, (c) => (Math.random() < 0.1 ? '-' : c))), fc.stringMatching(/^[0-9a-fA-F-]{36}$/), hostileString),
        fc.constantFrom('|', '||', ''),
      )
      .map(([micros, id, sep]) => Buffer.from(`${micros}${sep}${id}`).toString('base64url'));
    for (const op of paginated) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...actors.filter((a) => a.token && passesGuard(op, a.role))), forged, async (a, cursor) => {
          const res = await send(op, a, { family: 'forged cursor', path: fillPath(op.path, sampleFor(op, a).pathValues), query: queryString([['cursor', cursor]]) });
          tally.edge++;
          if (res.status >= 500) tally.edge5xx++;
          expect([cursor, res.status < 500]).toEqual([cursor, true]);
        }),
        { numRuns: RUNS.edgePerOperation * 2 },
      );
    }
  });

  it('should refuse an oversized URL or header without falling over', async () => {
    const long = await fetch(`${app.baseUrl}/api/cases?cursor=${'x'.repeat(20_000)}`, { headers: { authorization: `Bearer ${actors[2]!.token}` } });
    expect(long.status).toBe(431);
    expect((await app.request('GET', '/api/health')).status).toBe(200);
  });
});

/** JSON text that does not parse: truncated, with stray characters, comments, single quotes or NaN. */
function badJsonText(valid: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((n) => valid.slice(0, n)),
      fc.tuple(fc.integer({ min: 0, max: valid.length }), fc.constantFrom('{', '}', ',', '"', "'", ':', '\\', '/*', 'NaN', 'undefined', '\u0000')).map(([at, junk]) => valid.slice(0, at) + junk + valid.slice(at)),
      fc.constantFrom("{'a': 1}", '{"a": 1,}', '{"a": NaN}', '{"a": Infinity}', '{a: 1}', '{"a": 1} // x', '{"a": 0x10}', '{"a": 01}', '{"a": .5}', '{"a": "\u0000"', '[1, 2', '{"a"}'),
      hostileString.filter((s) => s.trim() !== ''),
    )
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
}
