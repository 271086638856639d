import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import { originAllowed } from '../common/origins.js';
import { DeliveryQueue, spreadBroadcastWrites, WRITES_PER_TURN } from './delivery-queue.js';

/**
 * The socket.io server: handshakes from pages of other origins are refused before any token is read
 * (WebSocket upgrades bypass CORS, so the Origin is checked here).
 *
 * With Redis, fan-out across instances goes through a Redis stream (not pub/sub): after a lost
 * connection, each instance resumes reading the stream where it stopped, so a short drop delays
 * broadcasts rather than losing them, and socket.io's connection-state recovery works across
 * instances. The price is a little Redis memory for the stream. (What a long outage loses is made up
 * for when Redis is back: LiveGateway refreshes every site, see RedisConnections.onStreamsBack.)
 *
 * Connection-state recovery replays a socket's missed events as soon as it comes back, before the
 * handshake middleware has checked its new token: a session is restored only while the sign-in it was
 * opened with is still valid (not revoked, not expired), else the client starts afresh with a snapshot.
 *
 * With recovery on, socket.io sends even `socket.emit` through the adapter's broadcast, to the socket's
 * own room: every snapshot would then be written to the Redis stream and read back by every instance,
 * or kept two minutes in the in-memory recovery buffer (tens of KB per dashboard). A snapshot is never
 * replayed (a recovered connection gets a fresh one), so emissions to one socket of this instance go
 * straight to it (sendDirectEmitsStraight).
 *
 * A broadcast's writes to this instance's sockets are spread over turns of the event loop
 * (DeliveryQueue), in order.
 *
 * Message handlers are bound as plain listeners (bindMessageHandlers), not as Nest's RxJS pipeline per
 * event and socket, which a heap snapshot showed holding about 90 closures and contexts per dashboard.
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly options: { redis: Redis | null; corsOrigins: readonly string[]; stillValid: (socketData: unknown) => Promise<boolean> },
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      allowRequest: (request, callback) => callback(null, originAllowed(request.headers.origin, request.headers.host, this.options.corsOrigins)),
    } as ServerOptions);
    const base = this.options.redis
      ? (createAdapter(this.options.redis, { streamName: 'marhaba:live', maxLen: 50_000 }) as unknown as (nsp: Namespace) => Adapter)
      : (nsp: Namespace) => new SessionAwareAdapter(nsp);
    const stillValid = this.options.stillValid;
    // Called with `new` by socket.io: returning an object makes that object the adapter.
    server.adapter(function (nsp: Namespace) {
      const adapter = base(nsp);
      spreadBroadcastWrites(adapter, new DeliveryQueue(WRITES_PER_TURN));
      sendDirectEmitsStraight(adapter, nsp);
      const restore = adapter.restoreSession.bind(adapter);
      // socket.io treats a failed restoration as none: a new session, with a snapshot.
      adapter.restoreSession = async (pid, offset) => {
        const session = await restore(pid, offset);
        if (session && !(await stillValid(session.data))) throw new Error('the sign-in of this session is over');
        return session;
      };
      return adapter;
    } as unknown as typeof Adapter);
    return server;
  }

  /**
   * What IoAdapter.bindMessageHandlers does, without its per-socket streams (fromEvent, mergeMap,
   * takeUntil a shared disconnect stream): one listener per event, and an observable per message only.
   * A response with an `event` is emitted; any other answers the acknowledgement unless the handler
   * answers it itself. A handler's error is logged and the socket's other messages still go through.
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      // Arguments as rxjs's fromEvent hands them to mapPayload: one alone, several as an array.
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        let response$: Observable<unknown>;
        try {
          response$ = transform(callback(data, ack));
        } catch (error) {
          return this.logger.error(error);
        }
        response$.subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const { event, data: payload } = response as { event?: string; data?: unknown };
            if (event) socket.emit(event, payload);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (error: unknown) => this.logger.error(error),
        });
      });
    }
  }
}

/** socket.io-parser's PacketType.EVENT. */
const EVENT_PACKET = 2;

/** A socket.io packet as adapters see it. */
interface Packet {
  type: number;
  id?: number;
  data: unknown[];
}

/**
 * Emissions to one socket of this instance (`socket.emit`) skip the stream and the recovery buffer. The
 * client still needs an offset to resume from: such a packet carries the offset of the last broadcast
 * this adapter delivered, which the socket has received, or has queued before this one (DeliveryQueue
 * keeps the order). Resuming there replays what came after it; a packet earlier in the stream but
 * delivered later (a local and a remote broadcast crossing) would be replayed twice at worst, and the
 * console drops a delta it already has by its `seq`. Before any broadcast there is no offset to give:
 * the packet then takes socket.io's own way, kept for recovery.
 */
function sendDirectEmitsStraight(adapter: Adapter, nsp: Namespace): void {
  const internals = adapter as unknown as { _encode(packet: Packet, packetOpts: unknown): unknown };
  const encode = internals._encode.bind(adapter);
  let lastOffset: string | undefined;
  internals._encode = (packet, packetOpts) => {
    // The adapters append a broadcast's offset to its arguments as a string; every /live event's
    // arguments are objects.
    const last = packet.data.at(-1);
    if (packet.type === EVENT_PACKET && packet.id === undefined && typeof last === 'string') lastOffset = last;
    return encode(packet, packetOpts);
  };
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet: Packet, opts) => {
    const [room, more] = opts.rooms;
    const direct = more === undefined && room !== undefined && nsp.sockets.has(room);
    if (!direct || packet.id !== undefined || lastOffset === undefined) return broadcast(packet, opts);
    packet.data.push(lastOffset);
    Adapter.prototype.broadcast.call(adapter, packet, opts);
  };
}
