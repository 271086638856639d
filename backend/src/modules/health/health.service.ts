import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { RedisConnections } from '../../common/redis-connections.js';
import { HealthRepository } from './health.repository.js';

export interface Health {
  status: 'ok';
  database: 'up';
  redis: 'up' | 'not configured';
}

export interface Readiness {
  status: 'ok';
  database: 'up';
  redis: 'up' | 'down' | 'not configured';
  /** True while Redis is away: writes still work, fan-out to other instances waits until it is back. */
  degraded: boolean;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthRepository,
    private readonly redis: RedisConnections,
  ) {}

  /** The instance's health; 503 when the database (or Redis, if configured) does not answer, so that load balancers take it out. */
  async check(): Promise<Health> {
    await this.requireDatabase();
    if (!(await this.redis.healthy())) throw new ServiceUnavailableException('Redis does not answer');
    return { status: 'ok', database: 'up', redis: this.redis.fast ? 'up' : 'not configured' };
  }

  /**
   * Whether this instance should receive traffic: only PostgreSQL decides. A Redis outage hits every
   * instance at once, and taking them all out of the load balancer would stop writes that still work.
   */
  async readiness(): Promise<Readiness> {
    await this.requireDatabase();
    if (!this.redis.fast) return { status: 'ok', database: 'up', redis: 'not configured', degraded: false };
    const redisUp = await this.redis.healthy();
    return { status: 'ok', database: 'up', redis: redisUp ? 'up' : 'down', degraded: !redisUp };
  }

  private async requireDatabase(): Promise<void> {
    if (!(await this.health.databaseAnswers())) throw new ServiceUnavailableException('the database does not answer');
  }
}
