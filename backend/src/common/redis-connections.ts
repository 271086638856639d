import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * Redis, only when REDIS_URL is set (several instances). Two connections: `streams` queues commands
 * while Redis is away (the socket.io adapter resumes its stream without loss), `fast` fails at once
 * (rate limits fall back to memory, health answers 503 rather than hang).
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly streams: Redis | null;
  readonly fast: Redis | null;
  /** Subscriber mode only (a connection that subscribes can send nothing else): messages between instances. */
  readonly subscriber: Redis | null;
  private readonly streamsBack = new Set<() => void>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.streams = config.redisUrl ? this.connect(config.redisUrl, 'streams', {}) : null;
    this.fast = config.redisUrl ? this.connect(config.redisUrl, 'fast', { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }) : null;
    this.subscriber = config.redisUrl ? this.connect(config.redisUrl, 'subscriber', {}) : null;
  }

  private connect(url: string, name: string, options: RedisOptions): Redis {
    const client = new Redis(url, { ...options, connectionName: `marhaba-${name}`, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) this.logger.warn(`Redis (${name}) unavailable: ${error.message}`);
      down = true;
    });
    client.on('ready', () => {
      if (down) {
        this.logger.log(`Redis (${name}) back`);
        if (client === this.streams) this.streamsBack.forEach((listener) => listener());
      }
      down = false;
    });
    return client;
  }

  /**
   * Calls `listener` each time the fan-out connection is ready again after losing Redis. Broadcasts of
   * the outage may never have reached the other instances: the queued ones are given up after about
   * 30 s of reconnection attempts, and a restarted Redis has an empty stream. Returns an unsubscribe.
   */
  onStreamsBack(listener: () => void): () => void {
    this.streamsBack.add(listener);
    return () => this.streamsBack.delete(listener);
  }

  /** True when Redis is not configured or answers a PING within a second. */
  async healthy(): Promise<boolean> {
    if (!this.fast) return true;
    try {
      return (await Promise.race([this.fast.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_000).unref())])) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.streams, this.fast, this.subscriber].map((c) => c?.quit().catch(() => c.disconnect())));
  }
}
