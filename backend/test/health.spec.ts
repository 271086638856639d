import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { waitFor } from './support/faults.js';
import { redisAvailable, startRedis, type RedisServer } from './support/redis.js';
import { TestApp } from './support/test-app.js';

// This file stops Redis and PostgreSQL under the app: it runs its own of both.
(redisAvailable() ? describe : describe.skip)('liveness and readiness (its own PostgreSQL and redis-server)', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let redis: RedisServer;
  let app: TestApp;
  const status = async (path: string) => {
    const { status, body } = await app.request('GET', path);
    return { status, body };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marhaba-health-'));
    chmodSync(dir, 0o755);
    db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined);
    redis = await startRedis();
    app = await TestApp.start(db.url, { REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should be live and ready, not degraded, with both up', async () => {
    expect(await status('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await status('/api/health/ready')).toEqual({ status: 200, body: { status: 'ok', database: 'up', redis: 'up', degraded: false } });
  });

  it('should stay ready but degraded while Redis is away, where /api/health answers 503', async () => {
    await redis.stop();
    expect(await status('/api/health/ready')).toEqual({ status: 200, body: { status: 'ok', database: 'up', redis: 'down', degraded: true } });
    expect((await status('/api/health')).status).toBe(503);
    expect((await status('/api/health/live')).status).toBe(200);
    redis = await startRedis(redis.port);
    await waitFor('readiness to report Redis back', async () => (await status('/api/health/ready')).body.degraded === false, 30_000, 200);
  });

  it('should not be ready while PostgreSQL is away, and still be live', async () => {
    const port = Number(new URL(db.url).port);
    await db.stop();
    expect(await status('/api/health/ready')).toMatchObject({ status: 503, body: { code: expect.any(String), message: 'the database does not answer' } });
    expect(await status('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    db = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined, { port });
    await waitFor('readiness after PostgreSQL is back', async () => (await status('/api/health/ready')).status === 200, 60_000, 250);
  });
});
