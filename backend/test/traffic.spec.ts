import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { movement, TestApp } from './support/test-app.js';
import { waitFor } from './support/faults.js';

describe('POST /api/movements (real PostgreSQL)', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    coordinator = await app.login('coordinator');
  });
  afterAll(() => app.close());

  const count = async (siteId: string) => {
    const [raw] = await app.query<{ n: number; people: number }>('SELECT count(*)::int AS n, coalesce(sum(people), 0)::int AS people FROM movements WHERE site_id = $1', [siteId]);
    const [days] = await app.query<{ people: number; movements: number }>('SELECT coalesce(sum(people), 0)::int AS people, coalesce(sum(movements), 0)::int AS movements FROM traffic_days WHERE site_id = $1', [siteId]);
    const [buckets] = await app.query<{ people: number }>('SELECT coalesce(sum(people), 0)::int AS people FROM traffic_buckets WHERE site_id = $1', [siteId]);
    return { rows: raw.n, people: raw.people, dayPeople: days.people, dayMovements: days.movements, bucketPeople: buckets.people };
  };

  it('should store a batch sent 5 times in parallel exactly once, rollups included', async () => {
    const batch = { movements: Array.from({ length: 200 }, (_, i) => movement({ siteId: 'nador', people: (i % 5) + 1 })) };
    const expectedPeople = batch.movements.reduce((sum, m) => sum + (m.people as number), 0);
    const results = await Promise.all(Array.from({ length: 5 }, () => app.request('POST', '/api/movements', { token: coordinator, body: batch })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.reduce((sum, r) => sum + r.body.accepted, 0)).toBe(200);
    expect(results.reduce((sum, r) => sum + r.body.duplicates, 0)).toBe(800);
    expect(await count('nador')).toEqual({ rows: 200, people: expectedPeople, dayPeople: expectedPeople, dayMovements: 200, bucketPeople: expectedPeople });
  });

  it('should answer a resent batch as duplicates and change nothing', async () => {
    const batch = { movements: [movement({ siteId: 'tanger-ville' }), movement({ siteId: 'tanger-ville' })] };
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: batch })).body).toEqual({ accepted: 2, duplicates: 0 });
    // The same instant written with another offset is the same content.
    const resent = { movements: batch.movements.map((m) => ({ ...m })) };
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: resent })).body).toEqual({ accepted: 0, duplicates: 2 });
    expect((await count('tanger-ville')).rows).toBe(2);
  });

  it('should refuse with 409 an id reused with other content, and store nothing of that batch', async () => {
    const first = movement({ siteId: 'al-hoceima', people: 3 });
    await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [first] } });
    const other = movement({ siteId: 'al-hoceima' });
    const res = await app.request('POST', '/api/movements', { token: coordinator, body: { movements: [other, { ...first, people: 9 }] } });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('people');
    expect(await count('al-hoceima')).toMatchObject({ rows: 1, people: 3, dayPeople: 3 });
  });

  it('should reject a whole batch with one invalid item, naming its index and field', async () => {
    const good = Array.from({ length: 10 }, () => movement({ siteId: 'motril' }));
    const res = await app.request('POST', '/api/movements', {
      token: coordinator,
      body: { movements: [...good.slice(0, 7), { ...movement({ siteId: 'motril' }), people: -2 }, ...good.slice(7)] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [{ path: 'movements.7.people' }] });
    expect(res.body.message).toMatch(/^movements\.7\.people: /);
    expect((await count('motril')).rows).toBe(0);
  });

  it('should reject unknown fields, unknown sites and planes at ports, storing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ movements: [{ ...movement({ siteId: 'almeria' }), passport: 'X123' }] }, 'movements.0'],
      [{ movements: [movement({ siteId: 'almeria' }), movement({ siteId: 'atlantis' })] }, 'movements.1.siteId'],
      [{ movements: [movement({ siteId: 'almeria', mode: 'plane', vehicles: 0 })] }, 'movements.0.mode'],
      [{ movements: [movement({ siteId: 'almeria', occurredAt: '2024-07-01 10:00' })] }, 'movements.0.occurredAt'],
      [{ movements: [] }, 'movements'],
      [{ movements: [movement({ siteId: 'almeria' })], extra: 1 }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await app.request('POST', '/api/movements', { token: coordinator, body });
      expect(res.status).toBe(400);
      expect(res.body.details[0].path).toBe(path);
    }
    expect((await count('almeria')).rows).toBe(0);
  });

  it('should answer 413 to a body over the limit and 400 to malformed JSON', async () => {
    const huge = { movements: Array.from({ length: 1000 }, () => movement({ siteId: 'sete', padding: 'x'.repeat(1000) })) };
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: huge })).status).toBe(413);
    const bad = await app.request('POST', '/api/movements', { token: coordinator, rawBody: '{"movements": [' });
    expect(bad).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) } });
    expect((await count('sete')).rows).toBe(0);
  });

  it('should accept a full batch of 1,000 and refuse 1,001', async () => {
    const batch = Array.from({ length: 1001 }, () => movement({ siteId: 'genoa', mode: 'foot', vehicles: 0, people: 1 }));
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements: batch } })).status).toBe(400);
    expect((await app.request('POST', '/api/movements', { token: coordinator, body: { movements: batch.slice(0, 1000) } })).body).toEqual({ accepted: 1000, duplicates: 0 });
  });

  it('should count a late-evening movement on the next local day in Africa/Casablanca', async () => {
    await app.request('POST', '/api/movements', {
      token: coordinator,
      body: { movements: [movement({ siteId: 'marseille', occurredAt: '2024-08-28T23:30:00Z', people: 7, vehicles: 2 })] },
    });
    const days = await app.query("SELECT to_char(day, 'YYYY-MM-DD') AS day, people::int FROM traffic_days WHERE site_id = 'marseille'");
    expect(days).toEqual([{ day: '2024-08-29', people: 7 }]);
  });

  it('should keep an assistant to its own site and a supervisor out of writes', async () => {
    const assistant = await app.login('assistant-tanger-med');
    const own = await app.request('POST', '/api/movements', { token: assistant, body: { movements: [movement({ siteId: 'tanger-med' })] } });
    expect(own.status).toBe(200);
    const other = await app.request('POST', '/api/movements', { token: assistant, body: { movements: [movement({ siteId: 'tanger-med' }), movement({ siteId: 'bab-sebta' })] } });
    expect(other.status).toBe(403);
    const supervisor = await app.login('supervisor');
    expect((await app.request('POST', '/api/movements', { token: supervisor, body: { movements: [movement()] } })).status).toBe(403);
    expect((await app.request('POST', '/api/movements', { body: { movements: [movement()] } })).status).toBe(401);
    expect((await app.request('POST', '/api/movements', { token: 'not-a-token', body: { movements: [movement()] } })).status).toBe(401);
    expect((await count('bab-sebta')).rows).toBe(0);
  });

  it('should report holding-area occupancy and refuse sites without one', async () => {
    const report = { id: randomUUID(), vehiclesWaiting: 300, estimatedWaitMinutes: 90, reportedAt: new Date().toISOString() };
    const res = await app.request('POST', '/api/holding-areas/bab-mellilia/reports', { token: coordinator, body: report });
    expect(res).toMatchObject({ status: 201, body: { siteId: 'bab-mellilia', vehiclesWaiting: 300, capacityVehicles: 800, estimatedWaitMinutes: 90, duplicate: false } });
    expect((await app.request('POST', '/api/holding-areas/bab-mellilia/reports', { token: coordinator, body: report })).status).toBe(200);
    expect((await app.request('POST', '/api/holding-areas/bab-mellilia/reports', { token: coordinator, body: { ...report, vehiclesWaiting: 1 } })).status).toBe(409);
    expect((await app.request('POST', '/api/holding-areas/tanger-ville/reports', { token: coordinator, body: { ...report, id: randomUUID() } })).status).toBe(404);
  });
  describe('parents of movements, checked once per statement instead of by foreign keys', () => {
    const insert = (c: { query: (sql: string, params: unknown[]) => Promise<unknown> }, siteId: string, userId: string, n = 3) =>
      c.query(
        `INSERT INTO movements (id, site_id, direction, mode, people, vehicles, occurred_at, recorded_by)
         SELECT gen_random_uuid(), $1, 'arrival', 'car', 1, 1, now(), $2 FROM generate_series(1, $3)`,
        [siteId, userId, n],
      );
    /** A connection of its own, with its backend's pid (to see it wait for a lock). */
    const client = async () => {
      const c = new pg.Client({ connectionString: app.databaseUrl });
      await c.connect();
      const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')).rows;
      return Object.assign(c, { pid: pid as number });
    };
    const fresh = async () => {
      const siteId = `guard-${randomUUID().slice(0, 8)}`;
      const [{ id: userId }] = await app.query(
        `INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', 'coordinator') RETURNING id`,
        [`guard-${randomUUID().slice(0, 8)}`],
      );
      await app.query(
        `INSERT INTO sites (id, name, kind, channel, country, lat, lon, hourly_threshold_people)
         SELECT $1, name, kind, channel, country, lat, lon, hourly_threshold_people FROM sites WHERE id = 'nador'`,
        [siteId],
      );
      return { siteId, userId: userId as string };
    };

    it('should refuse movements naming an unknown site or user, whole statement, with the foreign key code', async () => {
      const { siteId, userId } = await fresh();
      await expect(insert({ query: (sql, params) => app.query(sql, params) }, 'no-such-site', userId)).rejects.toMatchObject({ code: '23503' });
      await expect(insert({ query: (sql, params) => app.query(sql, params) }, siteId, randomUUID())).rejects.toMatchObject({ code: '23503' });
      const [{ n }] = await app.query('SELECT count(*)::int AS n FROM movements WHERE site_id = ANY($1) OR recorded_by = $2', [[siteId, 'no-such-site'], userId]);
      expect(n).toBe(0);
    });

    it('should refuse deleting, renaming or truncating a site or user that movements name, and allow it once they are gone', async () => {
      const { siteId, userId } = await fresh();
      await insert({ query: (sql, params) => app.query(sql, params) }, siteId, userId);
      await expect(app.query('DELETE FROM sites WHERE id = $1', [siteId])).rejects.toMatchObject({ code: '23503' });
      await expect(app.query(`UPDATE sites SET id = id || '-x' WHERE id = $1`, [siteId])).rejects.toMatchObject({ code: '23503' });
      await expect(app.query('DELETE FROM users WHERE id = $1', [userId])).rejects.toMatchObject({ code: '23503' });
      await expect(app.query('UPDATE users SET id = gen_random_uuid() WHERE id = $1', [userId])).rejects.toMatchObject({ code: '23503' });
      await expect(app.query('TRUNCATE users CASCADE')).rejects.toMatchObject({ code: '23503' });
      // Outside READ COMMITTED the guard's snapshot could miss a concurrent writer's rows: refused outright.
      const rr = await client();
      try {
        await rr.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await expect(rr.query('DELETE FROM users WHERE id = $1', [userId])).rejects.toMatchObject({ code: '23503' });
      } finally {
        await rr.query('ROLLBACK');
        await rr.end();
      }
      expect(await app.query('SELECT count(*)::int AS n FROM movements WHERE site_id = $1 AND recorded_by = $2', [siteId, userId])).toEqual([{ n: 3 }]);
      await app.query('DELETE FROM movements WHERE site_id = $1', [siteId]);
      await app.query('DELETE FROM sites WHERE id = $1', [siteId]);
      await app.query('DELETE FROM users WHERE id = $1', [userId]);
    });

    it('should never leave a movement without its site when a delete races an insert, whichever commits first', async () => {
      for (const first of ['insert', 'delete'] as const) {
        const { siteId, userId } = await fresh();
        const [writer, deleter] = [await client(), await client()];
        try {
          await writer.query('BEGIN');
          await deleter.query('BEGIN');
          let settled: Promise<unknown>;
          if (first === 'insert') {
            await insert(writer, siteId, userId);
            // The writer holds the site's key share lock: the delete waits for it, then sees its rows.
            settled = deleter.query('DELETE FROM sites WHERE id = $1', [siteId]).then(() => 'deleted', (e: { code: string }) => e.code);
            await waitForLockWait(app, deleter);
            await writer.query('COMMIT');
            expect(await settled).toBe('23503');
            await deleter.query('ROLLBACK');
          } else {
            await deleter.query('DELETE FROM sites WHERE id = $1', [siteId]);
            // The site's row is locked by the delete: the writer waits for it, then finds the site gone.
            settled = insert(writer, siteId, userId).then(() => 'inserted', (e: { code: string }) => e.code);
            await waitForLockWait(app, writer);
            await deleter.query('COMMIT');
            expect(await settled).toBe('23503');
            await writer.query('ROLLBACK');
          }
        } finally {
          await writer.end();
          await deleter.end();
        }
        const [orphans] = await app.query('SELECT count(*)::int AS n FROM movements m WHERE NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = m.site_id)');
        expect(orphans.n).toBe(0);
      }
    });
  });
});

/** Waits until the backend of `c` is blocked on a lock (its statement queued behind another transaction). */
async function waitForLockWait(app: TestApp, c: { pid: number }): Promise<void> {
  await waitFor(`backend ${c.pid} to wait for a lock`, async () => {
    const [row] = await app.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [c.pid]);
    return row?.wait_event_type === 'Lock';
  }, 10_000, 10);
}
