import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Fan-out across instances through a Redis stream (not pub/sub): after a Redis restart or a lost
 * connection, each instance resumes reading the stream where it stopped, so no broadcast is lost
 * while the stream holds it (maxLen), and socket.io's connection-state recovery works across instances.
 * The price is a little Redis memory for the stream, negligible at our event rates.
 */
export class RedisStreamsIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly redis: Redis,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(createAdapter(this.redis, { streamName: 'marhaba:live', maxLen: 50_000 }));
    return server;
  }
}
