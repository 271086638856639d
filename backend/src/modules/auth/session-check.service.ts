import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DomainEvents, type DomainEventMap } from '../../common/domain-events.js';
import { RedisConnections } from '../../common/redis-connections.js';
import { SessionCache } from './session-cache.js';
import { SessionsRepository } from './sessions.repository.js';

/** Redis channel on which each instance tells the others which sessions it revoked. */
const REVOKED_CHANNEL = 'marhaba:sessions.revoked';
/**
 * How long a check is trusted while this instance is cut from Redis: revocations made elsewhere cannot
 * reach it then, and a second keeps revocation within the 1 s bound at one round trip per session and
 * second (bypassing the cache would add one per request on every instance at once, as an outage reaches them all).
 */
const OUTAGE_MAX_AGE_MS = 1_000;

type Revocation = DomainEventMap['sessions.revoked'];

/**
 * Whether a sign-in session is still live, answered from memory on the hot path (every HTTP request and
 * socket message). Revocations on this instance forget their entries at once, and are published on Redis
 * so that every other instance forgets them too; pub/sub loses what is sent while a subscriber is away,
 * so an instance clears its whole cache each time its subscription is back.
 */
@Injectable()
export class SessionCheck implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private readonly cache: SessionCache;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly events: DomainEvents,
    private readonly redis: RedisConnections,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const subscriber = redis.subscriber;
    // Without Redis there is one instance and every revocation goes through `forget`: SESSION_CACHE_MS
    // only bounds a revocation made behind the application's back (by hand in the database).
    const outageMaxAge = Math.min(OUTAGE_MAX_AGE_MS, config.sessionCacheMs);
    this.cache = new SessionCache(() => (subscriber && subscriber.status !== 'ready' ? outageMaxAge : config.sessionCacheMs));
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('sessions.revoked', (revocation) => {
        this.forget(revocation);
        // Fails at once when Redis is away: the other instances are then cut from it too and trust their
        // checks for a second only (or, cut from this instance alone, at most SESSION_CACHE_MS).
        this.redis.fast?.publish(REVOKED_CHANNEL, JSON.stringify(revocation)).catch((error: Error) => this.logger.warn(`revocation not published: ${error.message}`));
      }),
    );
    const subscriber = this.redis.subscriber;
    if (!subscriber) return;
    const onMessage = (channel: string, message: string) => {
      if (channel === REVOKED_CHANNEL) this.forget(parseRevocation(message));
    };
    const onReady = () => this.cache.clear();
    subscriber.on('message', onMessage);
    subscriber.on('ready', onReady);
    this.unsubscribe.push(() => subscriber.off('message', onMessage).off('ready', onReady));
    // ioredis subscribes again by itself after each reconnection.
    subscriber.subscribe(REVOKED_CHANNEL).catch((error: Error) => this.logger.warn(`revocations not subscribed: ${error.message}`));
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((stop) => stop());
  }

  isLive(sessionId: string): Promise<boolean> {
    return this.cache.isLive(sessionId, () => this.sessions.findLive(sessionId));
  }

  private forget(revocation: Revocation | null): void {
    if (!revocation) this.cache.clear();
    else if ('userId' in revocation) this.cache.forgetUser(revocation.userId);
    else this.cache.forgetSession(revocation.sessionId);
  }
}

/** A message from another instance; one that cannot be read forgets everything (safe, and only costs checks). */
function parseRevocation(message: string): Revocation | null {
  try {
    const value: unknown = JSON.parse(message);
    if (value && typeof value === 'object') {
      if ('userId' in value && typeof value.userId === 'string') return { userId: value.userId };
      if ('sessionId' in value && typeof value.sessionId === 'string') return { sessionId: value.sessionId };
    }
  } catch {
    // falls through
  }
  return null;
}
