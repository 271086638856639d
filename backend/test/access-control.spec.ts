import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { hasPermission, PERMISSIONS, type Role } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../src/config/config.js';
import { apiOperations, fillPath, gatewayEvents, isApiError, isSessionRoute, nestRouteKeys, passesGuard, SOCKET_EQUIVALENTS, UNLIMITED, untyped, watchDomainTables, type Operation } from './support/api-surface.js';
import { validSample } from './support/hostile-input.js';
import { movement, newCase, nextEvent, TestApp, type LiveClient } from './support/test-app.js';

/**
 * Who may do what, checked on every route of the OpenAPI document and every event of the `/live`
 * gateway: the expected outcome comes from `x-permission` (`@Allow`) and the `PERMISSIONS` table, not
 * from a list kept here. Then site isolation: an assistant of one site (bab-sebta) against another
 * site's data (nador) over HTTP and the socket.
 */
const OWN = 'bab-sebta';
const OTHER = 'nador';

interface Actor {
  name: string;
  role: Role;
  token: string;
  site: string;
}

const tally = { checks: 0, failed: 0 };
/** One access-control check: a labelled equality, counted for the summary line. */
function check(label: string, actual: unknown, expected: unknown): void {
  tally.checks++;
  try {
    expect([label, actual]).toEqual([label, expected]);
  } catch (error) {
    tally.failed++;
    throw error;
  }
}

describe('access control on every route and socket event (real backend, real PostgreSQL)', () => {
  let app: TestApp;
  let ops: Operation[];
  let actors: Actor[];
  let assistant: Actor;
  let coordinator: Actor;
  const other = { cases: [] as string[], alertId: '', holdingReportId: '', movementId: '' };
  const own = { caseId: '' };

  beforeAll(async () => {
    app = await TestApp.start(undefined, UNLIMITED);
    actors = [];
    for (const [name, role, site] of [
      ['admin', 'admin', OTHER],
      ['coordinator', 'coordinator', OTHER],
      ['supervisor', 'supervisor', OTHER],
      [`assistant-${OWN}`, 'assistant', OWN],
    ] as const) {
      actors.push({ name, role, token: await app.login(name), site });
    }
    coordinator = actors.find((a) => a.role === 'coordinator')!;
    assistant = actors.find((a) => a.role === 'assistant')!;
    // The other site's data: cases in several states, a critical medical alert, a holding report, movements.
    for (const [category, priority, status] of [
      ['medical', 'critical', null],
      ['customs', 'high', 'in_progress'],
      ['administrative', 'normal', 'escalated'],
      ['transport', 'low', 'resolved'],
    ] as const) {
      const c = newCase({ siteId: OTHER, category, priority, summary: 'other site: private details' });
      expect((await app.request('POST', '/api/cases', { token: coordinator.token, body: c })).status).toBe(201);
      if (status) expect((await app.request('PATCH', `/api/cases/${c.id}`, { token: coordinator.token, body: { version: 1, status: status === 'resolved' ? 'in_progress' : status } })).status).toBe(200);
      if (status === 'resolved') expect((await app.request('PATCH', `/api/cases/${c.id}`, { token: coordinator.token, body: { version: 2, status } })).status).toBe(200);
      other.cases.push(c.id);
    }
    other.alertId = (await app.request('GET', `/api/alerts?siteId=${OTHER}`, { token: coordinator.token })).body[0].id;
    other.holdingReportId = randomUUID();
    expect(
      (await app.request('POST', `/api/holding-areas/${OTHER}/reports`, { token: coordinator.token, body: { id: other.holdingReportId, vehiclesWaiting: 120, reportedAt: new Date().toISOString() } })).status,
    ).toBe(201);
    const m = movement({ siteId: OTHER, people: 7 });
    other.movementId = m.id;
    expect((await app.request('POST', '/api/movements', { token: coordinator.token, body: { movements: [m] } })).status).toBe(200);
    const mine = newCase({ siteId: OWN });
    expect((await app.request('POST', '/api/cases', { token: assistant.token, body: mine })).status).toBe(201);
    own.caseId = mine.id;
    ops = await apiOperations(app);
  });
  afterAll(async () => {
    console.log(`[reliability] access-control: ${tally.checks} checks over ${ops.length} operations and ${gatewayEvents().length} socket events, ${tally.failed} failed`);
    await app.close();
  });

  /** Path values that reach the handler: the actor's site, a case it may see; ids of writes are random (nothing is touched). */
  function pathValues(op: Operation, actor: Actor): Record<string, string> {
    return Object.fromEntries(
      op.pathParams.map((name) => {
        const resource = op.path.slice(0, op.path.indexOf(`{${name}}`)).split('/').filter(Boolean).pop();
        if (name === 'siteId' || resource === 'sites') return [name, actor.site];
        if (name === 'year') return [name, '2024'];
        if (name === 'format') return [name, 'csv'];
        if (resource === 'cases' && op.method === 'GET') return [name, actor.role === 'assistant' ? own.caseId : other.cases[0]!];
        return [name, randomUUID()];
      }),
    );
  }

  async function send(op: Operation, path: string, headers: Record<string, string>, body?: unknown) {
    const res = await fetch(`${app.baseUrl}${path}`, {
      method: op.method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text };
  }

  /** A request past the guard changes nothing: writes carry an unknown key, which every body schema refuses. */
  const probeBody = (op: Operation) => (op.method === 'GET' ? undefined : { probe: 'access-control' });

  it('should describe every served route in the OpenAPI document, each public or guarded by a known permission', () => {
    check('documented routes', ops.map((op) => op.key).sort(), nestRouteKeys(app));
    for (const op of ops) {
      if (op.permission) check(`${op.key} permission`, op.permission in PERMISSIONS, true);
      // Only signing in and the health checks (the load balancer's, liveness and readiness probes) are open to anonymous callers.
      if (op.isPublic) check(`${op.key} public`, ['GET /api/health', 'GET /api/health/live', 'GET /api/health/ready'].includes(op.key) || op.path.startsWith('/api/auth/'), true);
    }
  });

  it('should answer 401 to every guarded route without a valid token: missing, malformed, forged, tampered, expired', async () => {
    const forged = forgedTokens(assistant.token, app.instance.app.get<AppConfig>(APP_CONFIG).jwtSecret);
    const credentials: [string, Record<string, string>][] = [
      ['no Authorization header', {}],
      ['Bearer without a token', { authorization: 'Bearer' }],
      ['Bearer and a blank', { authorization: 'Bearer ' }],
      ['Basic credentials', { authorization: `Basic ${Buffer.from('coordinator:marhaba').toString('base64')}` }],
      ['token without the scheme', { authorization: coordinator.token }],
      ['token in a cookie', { cookie: `token=${coordinator.token}; accessToken=${coordinator.token}` }],
      ['token in X-Access-Token', { 'x-access-token': coordinator.token }],
      ['two tokens', { authorization: `Bearer ${assistant.token} ${coordinator.token}` }],
      ...Object.entries(forged).map(([label, token]): [string, Record<string, string>] => [label, { authorization: `Bearer ${token}` }]),
    ];
    for (const op of ops) {
      const path = fillPath(op.path, pathValues(op, coordinator));
      for (const [label, headers] of credentials) {
        const res = await send(op, path, headers, probeBody(op));
        if (op.isPublic) {
          check(`${op.key} with ${label} (public)`, res.status !== 401 && res.status < 500, true);
        } else {
          check(`${op.key} with ${label}`, [res.status, isApiError(res.status, res.body)], [401, true]);
        }
      }
      // Never a token in the URL (DESIGN.md): a valid one in the query string does not authenticate.
      if (!op.isPublic) {
        const res = await send(op, `${path}?access_token=${coordinator.token}&token=${coordinator.token}`, {}, probeBody(op));
        check(`${op.key} with the token in the query string`, res.status, 401);
      }
    }
  });

  it('should refuse the socket handshake without a valid token, and every namespace but /live', async () => {
    const forged = forgedTokens(assistant.token, app.instance.app.get<AppConfig>(APP_CONFIG).jwtSecret);
    const attempts: [string, Parameters<typeof io>[1]][] = [
      ['no auth', {}],
      ['token in the query string', { query: { token: coordinator.token } }],
      ['token in an Authorization header', { extraHeaders: { authorization: `Bearer ${coordinator.token}` } }],
      ['token as a number', { auth: { token: 12345 } }],
      ['token as an object', { auth: { token: { toString: coordinator.token } } }],
      ['token as an array', { auth: { token: [coordinator.token] } }],
      ...Object.entries(forged).map(([label, token]): [string, Parameters<typeof io>[1]] => [label, { auth: { token } }]),
    ];
    for (const [label, options] of attempts) {
      const error = await connectError(`${app.baseUrl}/live`, options);
      check(`/live with ${label}`, error, 'unauthorized');
    }
    // Other namespaces do not exist, or refuse everyone: nothing is served outside /live.
    for (const namespace of ['/', '/admin', '/live/', '/LIVE']) {
      for (const auth of [{}, { token: coordinator.token }]) {
        const error = await connectError(`${app.baseUrl}${namespace}`, { auth });
        check(`namespace ${namespace} with ${Object.keys(auth).length ? 'a valid token' : 'no token'}`, error !== null, true);
      }
    }
  });

  it('should give each role 403 exactly where the permission of the route (x-permission) is missing, over HTTP and the socket', async () => {
    for (const op of ops) {
      for (const actor of actors) {
        const token = isSessionRoute(op) ? await app.login(actor.name) : actor.token;
        const res = await send(op, fillPath(op.path, pathValues(op, actor)), { authorization: `Bearer ${token}` }, probeBody(op));
        const label = `${op.key} as ${actor.role} (${op.permission ?? (op.isPublic ? 'public' : 'any role')})`;
        if (passesGuard(op, actor.role)) check(label, [401, 403].includes(res.status) || res.status >= 500, false);
        else check(label, [res.status, isApiError(res.status, res.body)], [403, true]);
      }
    }
    const byKey = new Map(ops.map((op) => [op.key, op]));
    for (const event of gatewayEvents()) {
      const op = byKey.get(SOCKET_EQUIVALENTS[event] ?? '');
      check(`socket event ${event} mirrors a documented route`, op !== undefined, true);
      for (const actor of actors) {
        const { socket } = await app.connect(actor.token);
        const args = op!.body ? [{ probe: 'access-control' }] : [];
        const ack = (await untyped(socket).timeout(10_000).emitWithAck(event, ...args)) as { ok: boolean; error?: { statusCode: number } };
        const label = `socket ${event} as ${actor.role}`;
        if (passesGuard(op!, actor.role)) check(label, ack.ok || ack.error!.statusCode === 400, true);
        else check(label, ack, { ok: false, error: expect.objectContaining({ statusCode: 403 }) });
        socket.disconnect();
      }
    }
  });

  it('should let a supervisor write nothing, over HTTP and the socket, even with valid requests', async () => {
    const supervisor = actors.find((a) => a.role === 'supervisor')!;
    const changedRows = await watchDomainTables(app);
    const hint = (path: (string | number)[]) => (path[path.length - 1] === 'siteId' ? OTHER : undefined);
    // The one write supervisors hold: past editions' daily figures (never live records), tested in imports.spec.ts.
    const supervisorWrites = new Set(['POST /api/imports']);
    for (const op of ops.filter((o) => o.method !== 'GET' && !o.isPublic && !isSessionRoute(o) && !supervisorWrites.has(o.key))) {
      // Derived from the table: every write route names a permission, and no other write permission includes supervisors.
      check(`${op.key} names a permission`, op.permission !== null, true);
      check(`${op.key} is closed to supervisors`, op.permission !== null && hasPermission('supervisor', op.permission), false);
      const values = { ...pathValues(op, supervisor), ...(op.path.includes('/alerts/') ? { id: other.alertId } : {}), ...(op.path.includes('/cases/') ? { id: other.cases[0]! } : {}) };
      const body = op.body ? validSample(op.body, hint) : undefined;
      if (op.key === 'PATCH /api/cases/{id}') Object.assign(body as object, { version: 1, status: 'in_progress' });
      const res = await send(op, fillPath(op.path, values), { authorization: `Bearer ${supervisor.token}` }, body);
      check(`${op.key} as supervisor with a valid request`, res.status, 403);
    }
    const { socket } = await app.connect(supervisor.token);
    for (const [event, payload] of [
      ['movements', { movements: [movement({ siteId: OTHER })] }],
      ['case:create', newCase({ siteId: OTHER })],
    ] as const) {
      check(`socket ${event} as supervisor`, await socket.timeout(10_000).emitWithAck(event, payload as never), { ok: false, error: expect.objectContaining({ statusCode: 403 }) });
    }
    check('nothing stored by the supervisor', await changedRows(), {});
  });

  it(`should keep an assistant to its own site when reading: lists, filters, ids, cursors, live figures, alerts`, async () => {
    const as = { authorization: `Bearer ${assistant.token}` };
    const get = async (path: string) => {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: as });
      return { status: res.status, body: await res.json() };
    };
    // Case lists, with every filter and every page: only its own site.
    for (const query of ['', '?status=open', '?status=escalated', '?status=resolved', '?category=medical', '?priority=critical', '?from=2000-01-01', '?to=2099-12-31', `?siteId=${OWN}`, '?limit=1']) {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const sep: string = query ? '&' : '?';
        const res = await get(`/api/cases${query}${cursor ? `${sep}cursor=${cursor}` : ''}`);
        check(`cases${query} page ${pages}`, [res.status, res.body.items.every((c: { siteId: string }) => c.siteId === OWN)], [200, true]);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
    }
    // A forged cursor that points into the other site's list changes nothing: the filter is by site, not by cursor.
    const forgedCursor = Buffer.from(`${(Date.now() + 86_400_000) * 1000}|${other.cases[0]}`).toString('base64url');
    const afterForged = await get(`/api/cases?cursor=${forgedCursor}`);
    check('cases with a cursor into the other site', [afterForged.status, afterForged.body.items.map((c: { siteId: string }) => c.siteId)], [200, [OWN]]);
    // Asking for the other site by name, or sneaking it in, is refused.
    for (const query of [`siteId=${OTHER}`, `siteId=${OTHER.toUpperCase()}`, `siteId=${OWN}&siteId=${OTHER}`, `siteId[]=${OTHER}`, `siteId=${OTHER}%00`, `siteId=%20${OTHER}`, `site=${OTHER}`, `siteIds=${OTHER}`]) {
      const res = await get(`/api/cases?${query}`);
      check(`cases?${query}`, [res.status >= 400 && res.status < 500, res.status === 400 || res.status === 403, 'items' in res.body], [true, true, false]);
    }
    // Real ids of the other site's cases: refused, and nothing of the case in the answer.
    for (const id of [...other.cases, other.cases[0]!.toUpperCase()]) {
      const res = await get(`/api/cases/${id}`);
      check(`case ${id} of ${OTHER}`, [res.status, Object.keys(res.body).sort()], [403, ['code', 'error', 'message', 'statusCode']]);
    }
    check('a guessed case id', (await get(`/api/cases/${randomUUID()}`)).status, 404);
    // Alerts, live snapshot and today: its own site only.
    const alerts = await get('/api/alerts');
    check('alerts', [alerts.status, alerts.body.every((a: { siteId: string }) => a.siteId === OWN)], [200, true]);
    check(`alerts?siteId=${OTHER}`, (await get(`/api/alerts?siteId=${OTHER}`)).status, 403);
    const snapshot = await get('/api/live/snapshot');
    check('snapshot sites', snapshot.body.sites.map((s: { siteId: string }) => s.siteId), [OWN]);
    check('snapshot sequences', Object.keys(snapshot.body.seq), [OWN]);
    check('snapshot alerts', snapshot.body.alerts.every((a: { siteId: string }) => a.siteId === OWN), true);
    check('snapshot totals are its site', snapshot.body.total.today, snapshot.body.sites[0].today);
    check(`today?siteId=${OTHER}`, (await get(`/api/live/today?siteId=${OTHER}`)).status, 403);
    check(`forecast?siteId=${OTHER}`, (await get(`/api/forecast?siteId=${OTHER}`)).status, 403);
    const today = await get('/api/live/today');
    const ownToday = (await app.request('GET', `/api/live/today?siteId=${OWN}`, { token: coordinator.token })).body;
    check('today is its site', { hours: today.body.hours, byMode: today.body.byMode }, { hours: ownToday.hours, byMode: ownToday.byMode });
    // Season statistics and exports are not for assistants at all.
    for (const path of ['/api/stats/season/2024', `/api/stats/season/2024?siteId=${OTHER}`, '/api/stats/season/2024/export.csv', `/api/stats/season/2024/export.pdf?siteId=${OTHER}`]) {
      check(path, (await get(path)).status, 403);
    }
  });

  it('should keep an assistant to its own site when writing, over HTTP and the socket, and store nothing', async () => {
    const changedRows = await watchDomainTables(app);
    const as = assistant.token;
    const refused = async (label: string, method: string, path: string, body: unknown, expected = [403]) => {
      const res = await app.request(method, path, { token: as, body });
      check(label, [expected.includes(res.status), JSON.stringify(res.body).includes('private details')], [true, false]);
    };
    await refused('case at the other site', 'POST', '/api/cases', newCase({ siteId: OTHER }));
    await refused('update of the other site’s case', 'PATCH', `/api/cases/${other.cases[0]}`, { version: 1, status: 'in_progress', note: 'taken over' });
    await refused('movements at the other site', 'POST', '/api/movements', { movements: [movement({ siteId: OTHER })] });
    await refused('a batch mixing both sites', 'POST', '/api/movements', { movements: [movement({ siteId: OWN }), movement({ siteId: OTHER })] });
    await refused('cases mixing both sites', 'POST', '/api/cases/batch', { cases: [newCase({ siteId: OWN }), newCase({ siteId: OTHER })] });
    await refused('holding report at the other site', 'POST', `/api/holding-areas/${OTHER}/reports`, { id: randomUUID(), vehiclesWaiting: 5, reportedAt: new Date().toISOString() });
    await refused('acknowledging the other site’s alert', 'POST', `/api/alerts/${other.alertId}/ack`, undefined);
    await refused('editing the other site', 'PATCH', `/api/sites/${OTHER}`, { name: 'taken' });
    // Reusing the other site's ids at its own site: a conflict that tells nothing of the stored record.
    await refused('reusing a case id of the other site', 'POST', '/api/cases', newCase({ id: other.cases[0], siteId: OWN }), [409]);
    await refused('reusing a movement id of the other site', 'POST', '/api/movements', { movements: [movement({ id: other.movementId, siteId: OWN })] }, [409]);
    await refused('reusing a holding report id of the other site', 'POST', `/api/holding-areas/${OWN}/reports`, { id: other.holdingReportId, vehiclesWaiting: 5, reportedAt: new Date().toISOString() }, [409]);
    const { socket } = await app.connect(as);
    for (const [event, payload] of [
      ['movements', { movements: [movement({ siteId: OTHER })] }],
      ['movements', { movements: [movement({ siteId: OWN }), movement({ siteId: OTHER })] }],
      ['case:create', newCase({ siteId: OTHER })],
    ] as const) {
      check(`socket ${event} at the other site`, await socket.timeout(10_000).emitWithAck(event, payload as never), { ok: false, error: expect.objectContaining({ statusCode: 403 }) });
    }
    check('nothing stored by the assistant', await changedRows(), {});
  });

  it('should never send an assistant another site’s live events, whatever it asks for in the handshake or over the socket', async () => {
    const watchers: { label: string; socket: LiveClient; snapshotSites: string[] }[] = [];
    for (const [label, handshake] of [
      ['plain', {}],
      ['batched traffic', { trafficBatch: true }],
      ['asking for more', { siteIds: [OTHER], role: 'admin', rooms: [`site:${OTHER}`, 'coordination'], room: 'coordination' }],
    ] as const) {
      const { socket, snapshot } = await app.connect(assistant.token, handshake as never);
      watchers.push({ label, socket, snapshotSites: snapshot.sites.map((s) => s.siteId) });
    }
    for (const w of watchers) check(`${w.label} snapshot`, w.snapshotSites, [OWN]);
    // Trying to join rooms: no such events, answered as unknown.
    for (const [event, payload] of [
      ['join', `site:${OTHER}`],
      ['join', { room: 'coordination' }],
      ['subscribe', { siteId: OTHER }],
      ['snapshot:request', { siteId: OTHER }],
    ] as const) {
      const ack = (await untyped(watchers[2]!.socket).timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: { statusCode: number } };
      check(`socket ${event} ${JSON.stringify(payload)}`, [ack.ok, ack.error?.statusCode !== undefined && ack.error.statusCode >= 400 && ack.error.statusCode < 500], [false, true]);
    }
    const leaked: string[] = [];
    const siteOf: Record<string, (e: never) => string[]> = {
      traffic: (e: { siteId: string }) => [e.siteId],
      'traffic:batch': (e: { items: { siteId: string }[] }) => e.items.map((i) => i.siteId),
      case: (e: { case: { siteId: string } }) => [e.case.siteId],
      alert: (e: { alert: { siteId: string } }) => [e.alert.siteId],
      holding: (e: { siteId: string }) => [e.siteId],
    } as never;
    let ownEvents = 0;
    for (const w of watchers) {
      for (const [name, sites] of Object.entries(siteOf)) {
        w.socket.on(name as never, ((e: never) => {
          for (const site of sites(e)) {
            if (site === OWN) ownEvents++;
            else leaked.push(`${w.label} got ${name} of ${site}`);
          }
        }) as never);
      }
    }
    // The coordinator's dashboard sees every one of the other site's events: the control that they were sent.
    const { socket: control } = await app.connect(coordinator.token);
    const otherEvents = Promise.all([
      nextEvent(control, 'traffic', (e) => e.siteId === OTHER),
      nextEvent(control, 'case', (e) => e.case.siteId === OTHER),
      nextEvent(control, 'alert', (e) => e.alert.siteId === OTHER),
      nextEvent(control, 'holding', (e) => e.siteId === OTHER),
    ]);
    const medical = newCase({ siteId: OTHER, category: 'medical', priority: 'critical' });
    await app.request('POST', '/api/movements', { token: coordinator.token, body: { movements: [movement({ siteId: OTHER })] } });
    await app.request('POST', '/api/cases', { token: coordinator.token, body: medical });
    await app.request('PATCH', `/api/cases/${medical.id}`, { token: coordinator.token, body: { version: 1, status: 'in_progress' } });
    await app.request('POST', `/api/holding-areas/${OTHER}/reports`, { token: coordinator.token, body: { id: randomUUID(), vehiclesWaiting: 990, reportedAt: new Date().toISOString() } });
    await otherEvents;
    // Then its own site's events, which it must get (after the others, in the same order of sending).
    const ownArrived = Promise.all(watchers.map((w) => nextEvent(w.socket, 'case', (e) => e.case.siteId === OWN)));
    await app.request('POST', '/api/cases', { token: coordinator.token, body: newCase({ siteId: OWN }) });
    // Each socket gets its messages in the order they were sent, and the control saw every one of the other
    // site's before the own case was sent: a leak would have reached a watcher before its own case did.
    await ownArrived;
    check('own events received', ownEvents >= watchers.length, true);
    check('other site events received', leaked, []);
    for (const w of watchers) {
      const ack = (await w.socket.timeout(10_000).emitWithAck('snapshot:request')) as { ok: boolean; data: { sites: { siteId: string }[]; alerts: { siteId: string }[] } };
      check(`${w.label} snapshot:request`, [ack.data.sites.map((s) => s.siteId), ack.data.alerts.every((a) => a.siteId === OWN)], [[OWN], true]);
    }
  });
});

/** The handshake error message, or null when the connection was accepted. */
function connectError(url: string, options: Parameters<typeof io>[1]): Promise<string | null> {
  const socket = io(url, { ...options, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5_000 });
  return new Promise((resolve) => {
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error.message);
    });
    socket.once('connect', () => {
      socket.disconnect();
      resolve(null);
    });
  });
}

/**
 * Tokens an attacker could make from a real one (or from nothing): no algorithm, a wrong key, a changed
 * payload, a past expiry, an algorithm outside the allow-list, garbage. The ones signed with the real
 * key (expired, not yet valid, other algorithm) copy the real token's claims, whatever they are.
 */
function forgedTokens(real: string, secret: string): Record<string, string> {
  const [h, p, signature] = real.split('.') as [string, string, string];
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const header = decode(h);
  const claims = decode(p);
  const sign = (hdr: Record<string, unknown>, payload: unknown, key: string) => {
    const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[hdr.alg as string];
    if (!hash) throw new Error(`cannot sign ${String(hdr.alg)} in the test`);
    const data = `${encode(hdr)}.${encode(payload)}`;
    return `${data}.${createHmac(hash, key).update(data).digest('base64url')}`;
  };
  const now = Math.floor(Date.now() / 1000);
  const admin = { ...claims, role: 'admin', siteIds: [] };
  return {
    'alg none': `${encode({ alg: 'none', typ: 'JWT' })}.${encode(admin)}.`,
    'alg None, signature kept': `${encode({ alg: 'None', typ: 'JWT' })}.${encode(admin)}.${signature}`,
    'wrong key': sign(header, admin, 'not-the-secret-not-the-secret-not-the-secret'),
    'empty key': sign(header, admin, ''),
    'tampered role': `${h}.${encode(admin)}.${signature}`,
    'tampered sites': `${h}.${encode({ ...claims, siteIds: ['nador', 'tanger-med'] })}.${signature}`,
    'signature removed': `${h}.${p}.`,
    'signature of another token': `${h}.${encode(admin)}.${sign(header, claims, secret).split('.')[2]}`,
    expired: sign(header, { ...claims, iat: now - 7_200, exp: now - 3_600 }, secret),
    'not yet valid': sign(header, { ...claims, nbf: now + 3_600 }, secret),
    'algorithm outside the allow-list (HS512, right key)': sign({ ...header, alg: 'HS512' }, claims, secret),
    'another audience (right key)': sign(header, { ...claims, aud: 'another-service' }, secret),
    'another issuer (right key)': sign(header, { ...claims, iss: 'someone-else' }, secret),
    'RS256 header on an HMAC signature': `${encode({ ...header, alg: 'RS256' })}.${p}.${signature}`,
    'payload not JSON (right key)': (() => {
      const data = `${h}.${encode('not json')}`;
      return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
    })(),
    truncated: real.slice(0, -4),
    garbage: 'garbage',
    'three empty parts': '..',
    'very long': 'a'.repeat(5_000),
    'latin-1 letters': 'tøkéñ.tøkéñ.tøkéñ',
  };
}
