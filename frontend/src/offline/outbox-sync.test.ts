import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CASES_PER_BATCH, type ApiError, type CaseBatchResult, type CaseChangeBatchResult, type CaseCreate, type CasePatch, type HoldingReportInput, type MovementInput, type MovementsResult } from '@marhaba/shared';
import { HttpError } from '../api/http';
import { backoffDelay } from '../realtime/backoff';
import { actionId, type OutboxAction } from './outbox-record';
import { OutboxSync, failureAction, type OutboxTransport, type SyncOptions } from './outbox-sync';
import { memoryIndexedDb, movement, newCase, SITE } from './test-support';

const httpError = (status: number, message = `status ${status}`, details?: ApiError['details']) => new HttpError(status, { statusCode: status, error: 'Error', code: 'invalid_input', message, details });
const networkError = () => new HttpError(0, { statusCode: 0, error: 'Network Error', code: 'unavailable', message: 'Failed to fetch' });

interface Failure {
  error: HttpError;
  /** The server stored the request, then the answer was lost on the way back. */
  afterCommit?: boolean;
}

/** A server that stores by id like the real one (a resent id is a duplicate) and fails on demand. */
class FakeServer implements OutboxTransport {
  readonly stored = new Map<string, unknown>();
  readonly calls: string[][] = [];
  /** What happens to the next calls, in order: a failure, or null for a normal answer. */
  readonly failures: (Failure | null)[] = [];
  /** Refuses a whole batch of movements (atomic, as the real one) without saying which item. */
  refuse: (movements: MovementInput[]) => HttpError | undefined = () => undefined;

  private handle<T>(ids: string[], store: () => T): Promise<T> {
    this.calls.push(ids);
    const failure = this.failures.shift();
    if (failure && !failure.afterCommit) return Promise.reject(failure.error);
    const result = store();
    return failure ? Promise.reject(failure.error) : Promise.resolve(result);
  }

  private put(id: string, value: unknown): boolean {
    if (this.stored.has(id)) return false;
    this.stored.set(id, value);
    return true;
  }

  movements(movements: MovementInput[]): Promise<MovementsResult> {
    const refusal = this.refuse(movements);
    if (refusal) {
      this.calls.push(movements.map((m) => m.id));
      return Promise.reject(refusal);
    }
    return this.handle(
      movements.map((m) => m.id),
      () => {
        const accepted = movements.filter((m) => this.put(m.id, m)).length;
        return { accepted, duplicates: movements.length - accepted };
      },
    );
  }
  createCase(body: CaseCreate) {
    return this.handle([body.id], () => this.put(body.id, body));
  }
  createCases(cases: CaseCreate[]): Promise<CaseBatchResult> {
    return this.handle(
      cases.map((c) => `batch:${c.id}`),
      () => {
        const accepted = cases.filter((c) => this.put(c.id, c)).length;
        return { accepted, duplicates: cases.length - accepted, cases: [] };
      },
    );
  }
  changeCase(_caseId: string, patch: CasePatch) {
    return this.handle([patch.changeId!], () => this.put(patch.changeId!, patch));
  }
  changeCases(changes: { caseId: string; patch: CasePatch }[]): Promise<CaseChangeBatchResult> {
    return this.handle(
      changes.map((c) => `batch:${c.patch.changeId}`),
      () => {
        const applied = changes.filter((c) => this.put(c.patch.changeId!, c.patch)).length;
        return { applied, duplicates: changes.length - applied, cases: [] };
      },
    );
  }
  holdingReport(_siteId: string, body: HoldingReportInput) {
    return this.handle([body.id], () => this.put(body.id, body));
  }
}

const change = (caseId: string): OutboxAction => ({ kind: 'case-change', caseId, siteId: SITE, body: { version: 1, status: 'resolved', changeId: crypto.randomUUID() } });
const ids = (actions: OutboxAction[]) => actions.map((a) => actionId(a)!);

describe(OutboxSync.name, () => {
  const syncs: OutboxSync[] = [];
  afterEach(() => syncs.splice(0).forEach((s) => s.stop()));

  async function setUp(actions: OutboxAction[], options: SyncOptions = {}) {
    const db = memoryIndexedDb();
    const outbox = db.open();
    await outbox.enqueueAll(actions);
    const server = new FakeServer();
    const sut = new OutboxSync(outbox, server, { random: () => 0.5, now: () => 1_000_000, ...options });
    syncs.push(sut);
    return { db, outbox, server, sut };
  }

  it('should send in the order of the actions, runs of movements as one batch', async () => {
    const created = newCase();
    const actions = [movement(), movement(), created, change(created.body.id), movement({ direction: 'departure' })];
    const { outbox, server, sut } = await setUp(actions);
    await sut.flush();
    const all = ids(actions);
    expect(server.calls).toEqual([all.slice(0, 2), [all[2]], [all[3]], [all[4]]]);
    expect(await outbox.count()).toBe(0);
    expect(await outbox.lastSyncAt()).not.toBeNull();
    expect(sut.status.state).toBe('idle');
  });

  it('should send a run of new cases as one batch of at most 500, a lone case by the single route', async () => {
    const actions = [...Array.from({ length: MAX_CASES_PER_BATCH + 2 }, () => newCase()), movement(), newCase()];
    const { outbox, server, sut } = await setUp(actions);
    await sut.flush();
    const all = ids(actions);
    expect(server.calls).toEqual([all.slice(0, 500).map((id) => `batch:${id}`), all.slice(500, 502).map((id) => `batch:${id}`), [all[502]], [all[503]]]);
    expect(server.stored.size).toBe(actions.length);
    expect(await outbox.count()).toBe(0);
  });

  it('should reject only the case of a batch that a 400 names, and send the others', async () => {
    const actions = [newCase(), newCase(), newCase()];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push({ error: httpError(400, 'cases.1.siteId: unknown or inactive site', [{ path: 'cases.1.siteId', message: 'unknown or inactive site' }]) });
    await sut.flush();
    const [first, refused, last] = ids(actions);
    expect(server.calls).toEqual([[first, refused, last].map((id) => `batch:${id}`), [`batch:${first}`, `batch:${last}`]]);
    expect(await outbox.rejected()).toMatchObject([{ id: refused, status: 400, message: 'siteId: unknown or inactive site' }]);
  });

  it('should send a run of case changes as one batch, in order, and a refused one named by its index aside', async () => {
    const created = newCase();
    const actions = [created, change(created.body.id), change(created.body.id), change(created.body.id)];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push(null, { error: httpError(400, 'changes.1.patch.status: cannot go from resolved to resolved', [{ path: 'changes.1.patch.status', message: 'cannot go from resolved to resolved' }]) });
    await sut.flush();
    const [first, a, refused, c] = ids(actions);
    expect(server.calls).toEqual([[first], [a, refused, c].map((id) => `batch:${id}`), [a, c].map((id) => `batch:${id}`)]);
    expect(await outbox.rejected()).toMatchObject([{ id: refused, status: 400, message: 'status: cannot go from resolved to resolved' }]);
    expect(await outbox.count()).toBe(0);
  });

  it('should send at most 1,000 movements in one request', async () => {
    const { server, sut } = await setUp(Array.from({ length: 1_200 }, () => movement()));
    await sut.flush();
    expect(server.calls.map((c) => c.length)).toEqual([1_000, 200]);
    expect(server.stored.size).toBe(1_200);
  });

  it('should keep everything on a network failure and retry later with growing, jittered delays', async () => {
    const actions = [movement(), newCase()];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push({ error: networkError() }, { error: httpError(503) }, { error: httpError(429) });

    await sut.flush();
    expect(sut.status).toEqual({ state: 'retrying', nextAttemptAt: 1_000_000 + backoffDelay(0, () => 0.5), lastError: 'Failed to fetch' });
    await sut.flush();
    expect(sut.status.nextAttemptAt).toBe(1_000_000 + backoffDelay(1, () => 0.5));
    await sut.flush();
    expect(sut.status.nextAttemptAt).toBe(1_000_000 + backoffDelay(2, () => 0.5));
    expect(backoffDelay(2, () => 0.5)).toBeGreaterThan(backoffDelay(1, () => 0.5));
    expect((await outbox.waiting()).map((r) => [r.id, r.attempts])).toEqual([
      [ids(actions)[0], 3],
      [ids(actions)[1], 0],
    ]);

    await sut.flush();
    expect(await outbox.count()).toBe(0);
    expect(server.stored.size).toBe(2);
    expect(sut.status.state).toBe('idle');
  });

  it('should count a duplicate acknowledgement as success when the first answer was lost', async () => {
    const actions = [movement(), movement(), newCase()];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push({ error: networkError(), afterCommit: true }, null, { error: networkError(), afterCommit: true });
    await sut.flush();
    await sut.flush();
    await sut.flush();
    await sut.flush();
    expect(server.calls).toEqual([ids(actions).slice(0, 2), ids(actions).slice(0, 2), [ids(actions)[2]], [ids(actions)[2]]]);
    expect(server.stored.size).toBe(3);
    expect(await outbox.count()).toBe(0);
    expect(await outbox.rejected()).toEqual([]);
  });

  it('should set aside a record the server refuses for good, show it, and go on with the next', async () => {
    const actions = [newCase(), movement()];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push({ error: httpError(409, 'case already exists with other content') });
    await sut.flush();
    expect(server.stored.has(ids(actions)[1])).toBe(true);
    expect(await outbox.count()).toBe(0);
    expect(await outbox.rejected()).toMatchObject([{ id: ids(actions)[0], kind: 'case', status: 409, message: 'case already exists with other content' }]);
  });

  it('should reject only the item of a batch that a 400 names, and send the others', async () => {
    const actions = [movement(), movement({ mode: 'plane', vehicles: 0 }), movement()];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push({ error: httpError(400, 'movements.1.mode: plane is only counted at an airport', [{ path: 'movements.1.mode', message: 'plane is only counted at an airport' }]) });
    await sut.flush();
    expect(server.calls).toEqual([ids(actions), [ids(actions)[0], ids(actions)[2]]]);
    expect(await outbox.rejected()).toMatchObject([{ id: ids(actions)[1], status: 400, message: 'mode: plane is only counted at an airport' }]);
  });

  it('should find the refused item of a batch one by one when the answer does not name it', async () => {
    const actions = [movement(), movement({ siteId: 'nador' }), movement()];
    const { outbox, server, sut } = await setUp(actions);
    server.refuse = (batch) => (batch.some((m) => m.siteId === 'nador') ? httpError(403, 'not your site') : undefined);
    await sut.flush();
    const [first, nador, last] = ids(actions);
    expect(server.calls).toEqual([[first, nador, last], [first], [nador], [last]]);
    expect([...server.stored.keys()]).toEqual([first, last]);
    expect(await outbox.rejected()).toMatchObject([{ id: nador, status: 403, message: 'not your site' }]);
    expect(await outbox.count()).toBe(0);
  });

  it('should halve a batch that is too large', async () => {
    const { server, sut } = await setUp(Array.from({ length: 8 }, () => movement()));
    server.failures.push({ error: httpError(413, 'request entity too large') });
    await sut.flush();
    expect(server.calls.map((c) => c.length)).toEqual([8, 4, 4]);
    expect(server.stored.size).toBe(8);
  });

  it('should keep everything when the login expired, and send after a new login', async () => {
    const actions = [movement(), newCase()];
    const { outbox, server, sut } = await setUp(actions);
    server.failures.push({ error: httpError(401, 'token expired') });
    await sut.flush();
    expect(sut.status.state).toBe('login');
    expect(await outbox.count()).toBe(2);
    expect(await outbox.rejected()).toEqual([]);
    sut.poke();
    sut.networkUp();
    await sut.flush();
    expect(server.calls).toHaveLength(1);

    sut.loginRenewed();
    await expect.poll(() => outbox.count()).toBe(0);
    expect(server.stored.size).toBe(2);
  });

  it('should attempt nothing while the device is offline, and send when the network returns', async () => {
    let online = false;
    const { outbox, server, sut } = await setUp([movement()], { online: () => online });
    await sut.flush();
    sut.poke();
    expect(sut.status.state).toBe('offline');
    expect(server.calls).toEqual([]);
    online = true;
    sut.networkUp();
    await expect.poll(() => outbox.count()).toBe(0);
  });

  it('should group taps made within the send delay into one request', async () => {
    const { outbox, server, sut } = await setUp([], { sendDelayMs: 40 });
    await outbox.enqueue(movement());
    sut.poke();
    expect(sut.status.state).toBe('scheduled');
    await outbox.enqueue(movement());
    sut.poke();
    await expect.poll(() => outbox.count()).toBe(0);
    expect(server.calls.map((c) => c.length)).toEqual([2]);
  });

  it('should send what a closed tab left in the outbox', async () => {
    const actions = [movement(), newCase()];
    const { db, outbox } = await setUp(actions);
    outbox.close();
    const server = new FakeServer();
    const sut = new OutboxSync(db.open(), server);
    syncs.push(sut);
    await sut.flush();
    expect([...server.stored.keys()]).toEqual(ids(actions));
  });
});

describe(failureAction.name, () => {
  it('should retry network, timeout, rate-limit and server failures; reject other 4xx; ask for a login on 401', () => {
    expect([0, 408, 429, 500, 502, 503].map((s) => failureAction(httpError(s)))).toEqual(Array(6).fill('retry'));
    expect([400, 403, 404, 409, 413, 422].map((s) => failureAction(httpError(s)))).toEqual(Array(6).fill('reject'));
    expect(failureAction(httpError(401))).toBe('login');
    expect(failureAction(new TypeError('Failed to fetch'))).toBe('retry');
  });
});
