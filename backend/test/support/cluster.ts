import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisServer } from './redis.js';
import { freePort, ServerProcess } from './server-process.js';
import { createTestDatabase, queryDatabase } from './test-app.js';

const JWT_SECRET = 'cluster-secret-cluster-secret-cluster-0123';

export interface ClusterOptions {
  /** How many backend processes (default 1). */
  instances?: number;
  /** A real redis-server between the instances (REDIS_URL). */
  redis?: boolean;
  /** Default: a fresh database in the run's PostgreSQL. */
  databaseUrl?: string;
  env?: Record<string, string>;
}

/**
 * A deployment on one machine: built servers as processes on one PostgreSQL database, sharing a token
 * secret (a token stays valid across instances and restarts), with a real redis-server when asked.
 */
export class Cluster {
  private constructor(
    private readonly dir: string,
    readonly databaseUrl: string,
    public redis: RedisServer | null,
    readonly instances: ServerProcess[],
  ) {}

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), 'marhaba-cluster-'));
    chmodSync(dir, 0o755);
    const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
    const redis = options.redis ? await startRedis() : null;
    const env = { DATABASE_URL: databaseUrl, JWT_SECRET, DEMO: '1', LIVE_COALESCE_MS: '50', ...(redis ? { REDIS_URL: redis.url } : {}), ...options.env };
    const instances: ServerProcess[] = [];
    for (let i = 0; i < (options.instances ?? 1); i++) instances.push(new ServerProcess(join(dir, `instance-${i}`), await freePort(), env));
    const cluster = new Cluster(dir, databaseUrl, redis, instances);
    try {
      // Started together: the migrations run once, under the advisory lock.
      await Promise.all(instances.map((s) => s.start()));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.databaseUrl, sql, params);
  }

  /** Brings Redis back on the same port, empty (it keeps nothing on disk), after `redis.stop()`. */
  async restartRedis(): Promise<void> {
    if (!this.redis) throw new Error('this cluster has no Redis');
    this.redis = await startRedis(this.redis.port);
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((s) => s.stop()));
    await this.redis?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
