import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuthUser } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisConnections } from './redis-connections.js';

/** 429 with the number of seconds to wait (sent as Retry-After). */
export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests, retry in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

type Kind = 'loginAddress' | 'loginFailures' | 'writes';

/**
 * Request budgets, shared by every instance through Redis when REDIS_URL is set (in memory otherwise,
 * and as a fallback while Redis is away): login attempts per address, failed logins per username,
 * writes per user over HTTP and the socket alike.
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<Kind, RateLimiterAbstract>;

  constructor(redis: RedisConnections, @Inject(APP_CONFIG) config: AppConfig) {
    const limiter = (kind: Kind, points: number, duration: number) => {
      const memory = new RateLimiterMemory({ keyPrefix: kind, points, duration });
      return redis.fast ? new RateLimiterRedis({ storeClient: redis.fast, keyPrefix: `marhaba:rl:${kind}`, points, duration, insuranceLimiter: memory }) : memory;
    };
    this.limiters = {
      loginAddress: limiter('loginAddress', config.rateLimits.loginPerAddressPerMinute, 60),
      loginFailures: limiter('loginFailures', config.rateLimits.loginFailuresPerUserPer15Minutes, 15 * 60),
      writes: limiter('writes', config.rateLimits.writesPerUserPerMinute, 60),
    };
  }

  /** Counts a login attempt from an address; throws 429 once the address has used its budget. */
  loginAttempt(address: string): Promise<void> {
    return this.consume('loginAddress', address);
  }

  /** Throws 429 while a username is locked by too many failed logins. */
  async assertLoginAllowed(username: string): Promise<void> {
    const state = await this.limiters.loginFailures.get(username.toLowerCase());
    if (state && state.remainingPoints <= 0) throw new TooManyRequestsException(Math.ceil(state.msBeforeNext / 1000));
  }

  async loginFailed(username: string): Promise<void> {
    await this.limiters.loginFailures.penalty(username.toLowerCase(), 1);
  }

  write(user: AuthUser): Promise<void> {
    return this.consume('writes', user.id);
  }

  private async consume(kind: Kind, key: string): Promise<void> {
    try {
      await this.limiters[kind].consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new TooManyRequestsException(Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }
}
