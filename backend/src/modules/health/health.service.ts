import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { RedisConnections } from '../../common/redis-connections.js';
import { HealthRepository } from './health.repository.js';

export interface Health {
  status: 'ok';
  database: 'up';
  redis: 'up' | 'not configured';
}

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthRepository,
    private readonly redis: RedisConnections,
  ) {}

  /** The instance's health; 503 when the database (or Redis, if configured) does not answer, so that load balancers take it out. */
  async check(): Promise<Health> {
    if (!(await this.health.databaseAnswers())) throw new ServiceUnavailableException('the database does not answer');
    if (!(await this.redis.healthy())) throw new ServiceUnavailableException('Redis does not answer');
    return { status: 'ok', database: 'up', redis: this.redis.fast ? 'up' : 'not configured' };
  }
}
