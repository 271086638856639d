import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { originAllowed } from '../common/origins.js';

/**
 * The socket.io server: handshakes from pages of other origins are refused before any token is read
 * (WebSocket upgrades bypass CORS, so the Origin is checked here).
 *
 * With Redis, fan-out across instances goes through a Redis stream (not pub/sub): after a Redis
 * restart or a lost connection, each instance resumes reading the stream where it stopped, so no
 * broadcast is lost while the stream holds it (maxLen), and socket.io's connection-state recovery
 * works across instances. The price is a little Redis memory for the stream.
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly options: { redis: Redis | null; corsOrigins: readonly string[] },
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      allowRequest: (request, callback) => callback(null, originAllowed(request.headers.origin, request.headers.host, this.options.corsOrigins)),
    } as ServerOptions);
    if (this.options.redis) server.adapter(createAdapter(this.options.redis, { streamName: 'marhaba:live', maxLen: 50_000 }));
    return server;
  }
}
