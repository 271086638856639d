import { Global, Module } from '@nestjs/common';
import { RateLimits } from './rate-limits.js';
import { RedisConnections } from './redis-connections.js';

/** Redis (when configured) and what uses it across modules: shared rate limits. */
@Global()
@Module({ providers: [RedisConnections, RateLimits], exports: [RedisConnections, RateLimits] })
export class RedisModule {}
