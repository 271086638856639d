import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';
import { memoryIndexedDb, movement, newCase, SITE } from './test-support';

describe(Outbox.name, () => {
  it('should keep actions in the order they were made', async () => {
    const sut = memoryIndexedDb().open();
    const actions = [movement(), newCase(), movement({ direction: 'departure' })];
    for (const action of actions) await sut.enqueue(action);
    expect((await sut.waiting()).map((r) => r.id)).toEqual(actions.map((a) => a.body.id));
    expect(await sut.count()).toBe(3);
  });

  it('should refuse an invalid action before storing anything, naming the field', async () => {
    const sut = memoryIndexedDb().open();
    await expect(sut.enqueue(movement({ people: -1 }))).rejects.toThrow(/people/);
    await expect(sut.enqueue({ kind: 'case', body: { id: crypto.randomUUID(), siteId: SITE, category: 'medical', subcategory: 'ticketing', priority: 'high', openedAt: new Date().toISOString() } })).rejects.toThrow(
      /subcategory/,
    );
    expect(await sut.count()).toBe(0);
  });

  it('should never queue the same action twice', async () => {
    const sut = memoryIndexedDb().open();
    const action = movement();
    await sut.enqueue(action);
    await expect(sut.enqueue(action)).rejects.toThrow();
    expect(await sut.count()).toBe(1);
  });

  it('should survive a closed tab: a new store on the same database finds everything', async () => {
    const db = memoryIndexedDb();
    const first = db.open();
    const actions = [movement(), newCase()];
    for (const action of actions) await first.enqueue(action);
    await first.reject((await first.take(1))[0], 409, 'conflict', 'conflict');
    first.close();

    const sut = db.open();
    expect((await sut.waiting()).map((r) => r.id)).toEqual([actions[1].body.id]);
    expect((await sut.rejected()).map((r) => [r.id, r.status])).toEqual([[actions[0].body.id, 409]]);
  });

  it('should undo an action that has not left, and refuse while it is being sent or once sent', async () => {
    const sut = memoryIndexedDb().open();
    const [waiting, sending] = [movement(), movement()];
    await sut.enqueue(sending);
    await sut.enqueue(waiting);
    const taken = await sut.take(1);
    expect(await sut.undo(waiting.body.id)).toBe('removed');
    expect(await sut.undo(sending.body.id)).toBe('sending');
    await sut.acknowledge(taken);
    sut.release(taken);
    expect(await sut.undo(sending.body.id)).toBe('sent');
    expect(await sut.count()).toBe(0);
  });

  it('should forget acknowledged items and note when the sync succeeded', async () => {
    const now = new Date('2024-08-28T10:00:00Z');
    const sut = memoryIndexedDb().open(() => now);
    await sut.enqueue(movement());
    expect(await sut.lastSyncAt()).toBeNull();
    await sut.acknowledge(await sut.take(10));
    expect(await sut.count()).toBe(0);
    expect(await sut.lastSyncAt()).toBe(now.toISOString());
  });

  it('should move a record it cannot read to the rejected list instead of blocking the queue', async () => {
    const db = memoryIndexedDb();
    const sut = db.open();
    const good = movement();
    await sut.enqueue(movement());
    await sut.enqueue(good);
    // A record written by a later version of the app (downgraded tablet).
    const raw = (sut as unknown as { db: { items: { toCollection(): { modify(f: (r: Record<string, unknown>) => void): Promise<number> } } } }).db.items;
    let first = true;
    await raw.toCollection().modify((r) => {
      if (first) r.v = 99;
      first = false;
    });
    expect((await sut.take(10)).map((r) => r.id)).toEqual([good.body.id]);
    const [rejected] = await sut.rejected();
    expect(rejected).toMatchObject({ status: 0, message: expect.stringContaining('newer version') });
  });

  it('should tell watchers about every change', async () => {
    const sut = memoryIndexedDb().open();
    const seen: number[] = [];
    const stop = sut.watch((view) => seen.push(view.waiting.length));
    await sut.enqueue(movement());
    await sut.enqueue(movement());
    await expect.poll(() => seen.at(-1)).toBe(2);
    stop();
  });

  it('should remove the whole store on logout', async () => {
    const db = memoryIndexedDb();
    const sut = db.open();
    await sut.enqueue(movement());
    await sut.destroy();
    expect(await db.open().count()).toBe(0);
  });
});
