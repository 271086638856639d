import { ServiceUnavailableException } from '@nestjs/common';
import type { RedisConnections } from '../../common/redis-connections.js';
import type { HealthRepository } from './health.repository.js';
import { HealthService } from './health.service.js';

function healthService(database: boolean, redis: { healthy: boolean; configured: boolean }): HealthService {
  const repository = { databaseAnswers: async () => database } as unknown as HealthRepository;
  const connections = { healthy: async () => redis.healthy, fast: redis.configured ? {} : null } as unknown as RedisConnections;
  return new HealthService(repository, connections);
}

describe(HealthService.name, () => {
  it('should be ok when the database answers, Redis not configured', async () => {
    const sut = healthService(true, { healthy: true, configured: false });
    expect(await sut.check()).toEqual({ status: 'ok', database: 'up', redis: 'not configured' });
  });

  it('should be ok with Redis up when it is configured and answers', async () => {
    const sut = healthService(true, { healthy: true, configured: true });
    expect(await sut.check()).toEqual({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('should refuse with 503 when the database or Redis does not answer', async () => {
    await expect(healthService(false, { healthy: true, configured: false }).check()).rejects.toThrow(new ServiceUnavailableException('the database does not answer'));
    await expect(healthService(true, { healthy: false, configured: true }).check()).rejects.toThrow(new ServiceUnavailableException('Redis does not answer'));
  });

  it('should stay ready but degraded when Redis is away', async () => {
    const sut = healthService(true, { healthy: false, configured: true });
    expect(await sut.readiness()).toEqual({ status: 'ok', database: 'up', redis: 'down', degraded: true });
  });

  it('should be ready and not degraded with Redis up or not configured', async () => {
    expect(await healthService(true, { healthy: true, configured: true }).readiness()).toEqual({ status: 'ok', database: 'up', redis: 'up', degraded: false });
    expect(await healthService(true, { healthy: true, configured: false }).readiness()).toEqual({ status: 'ok', database: 'up', redis: 'not configured', degraded: false });
  });

  it('should not be ready when the database does not answer, whatever Redis does', async () => {
    await expect(healthService(false, { healthy: true, configured: true }).readiness()).rejects.toThrow(new ServiceUnavailableException('the database does not answer'));
  });
});
