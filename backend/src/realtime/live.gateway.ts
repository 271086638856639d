import { BadRequestException, Inject, Logger, NotFoundException, OnApplicationShutdown } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  BUCKET_MINUTES,
  caseCreateSchema,
  LIVE_NAMESPACE,
  movementBatchSchema,
  type Ack,
  type ApiError,
  type CaseView,
  type ClientToServerEvents,
  type LiveSnapshot,
  type MovementsResult,
  type ServerToClientEvents,
} from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { toApiError } from '../common/api-error.js';
import { DomainEvents } from '../common/domain-events.js';
import { assertPermission } from '../common/permissions.js';
import { RateLimits, TooManyRequestsException } from '../common/rate-limits.js';
import { RedisConnections } from '../common/redis-connections.js';
import { visibleSiteIds } from '../common/site-scope.js';
import { parseOrThrow } from '../common/zod.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { AuthService, type Principal } from '../modules/auth/auth.service.js';
import { CasesService } from '../modules/cases/cases.service.js';
import { LiveSequencesRepository } from '../modules/live/live-sequences.repository.js';
import { LiveService } from '../modules/live/live.service.js';
import { SitesRepository } from '../modules/sites/sites.repository.js';
import { emptyFigures, TrafficService } from '../modules/traffic/traffic.service.js';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: Principal }>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: Principal }>;

/**
 * Coordinators, supervisors and admins see every site; assistants join their sites' rooms only.
 * Clients that take batched traffic deltas join the `:batch` variant of their rooms.
 */
export const COORDINATION_ROOM = 'coordination';
export const siteRoom = (siteId: string) => `site:${siteId}`;
const BATCH = ':batch';
/** Rooms revocation acts on: every socket of a user, every socket of a sign-in. */
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The `/live` namespace: handshake authentication, a snapshot on connect, then deltas with per-site
 * sequence numbers. Traffic deltas are coalesced: at most one flush per LIVE_COALESCE_MS.
 */
@WebSocketGateway({
  namespace: LIVE_NAMESPACE,
  maxHttpBufferSize: 1_048_576,
  // A client back within two minutes keeps its rooms and gets the events it missed (the handshake
  // middleware still checks its token), then a snapshot all the same: see handleConnection.
  connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false },
})
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  @WebSocketServer() private readonly ns!: LiveNamespace;
  private readonly logger = new Logger(LiveGateway.name);
  private readonly dirtySites = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private refreshTimer: NodeJS.Timeout | null = null;
  private unsubscribes: (() => void)[] = [];
  /** Emissions waiting for their sequence numbers, in the order they happened. */
  private readonly pendingEmissions: { siteIds: string[]; emit: (seq: (siteId: string) => number) => void; resolve: (sent: boolean) => void }[] = [];
  private draining = false;
  private messageBudget!: RateLimiterMemory;

  constructor(
    private readonly auth: AuthService,
    private readonly live: LiveService,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    private readonly sites: SitesRepository,
    private readonly events: DomainEvents,
    private readonly sequences: LiveSequencesRepository,
    private readonly rateLimits: RateLimits,
    private readonly audit: AuditService,
    private readonly redis: RedisConnections,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(ns: LiveNamespace): void {
    // Each connection would otherwise keep its handshake HTTP request alive: a few KB per dashboard.
    ns.server.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null;
    });
    // socket.io always serves its main namespace `/`, unauthenticated: nothing is offered there, refuse it.
    ns.server.of('/').use((_socket, next) => next(new Error('unauthorized')));
    // The token travels in the handshake's auth payload only, never in the URL.
    ns.use((socket, next) => {
      this.auth.verify(socket.handshake.auth?.token).then(
        (user) => {
          socket.data.user = user;
          socket.use((packet, nextPacket) => void this.admitMessage(socket, packet, nextPacket));
          next();
        },
        (error: unknown) => {
          this.refusal(socket, 'handshake', error);
          next(new Error('unauthorized'));
        },
      );
    });
    this.messageBudget = new RateLimiterMemory({ keyPrefix: 'socket', points: this.config.socketMessagesPer10s, duration: 10 });
    this.unsubscribes = [
      this.events.on('movements.committed', ({ siteIds }) => this.markDirty(siteIds)),
      this.events.on('case.changed', (c) => this.emitInOrder([c.siteId], (seq) => this.toSite(c.siteId).emit('case', { seq: seq(c.siteId), case: c }))),
      this.events.on('alert.changed', (a) => this.emitInOrder([a.siteId], (seq) => this.toSite(a.siteId).emit('alert', { seq: seq(a.siteId), alert: a }))),
      this.events.on('holding.changed', (h) => this.emitInOrder([h.siteId], (seq) => this.toSite(h.siteId).emit('holding', { ...h, seq: seq(h.siteId) }))),
      // Through the adapter, so the sockets close on every instance.
      this.events.on('sessions.revoked', (r) => this.ns.in('userId' in r ? userRoom(r.userId) : sessionRoom(r.sessionId)).disconnectSockets(true)),
      // Events broadcast while Redis was away may never have reached other instances' dashboards: fresh
      // sequence numbers for every site show them the gap, and they ask for a snapshot.
      this.redis.onStreamsBack(() => void this.refreshAllSites()),
    ];
    // "Last hour" and "today" move with the clock: refresh every site at each bucket boundary.
    this.refreshTimer = setInterval(() => void this.refreshAllSites(), BUCKET_MINUTES * 60_000);
    this.refreshTimer.unref();
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const user = socket.data.user;
    // An expired token ends the connection too; the client comes back with a fresh one.
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, Math.max(0, user.expiresAt - Date.now())));
    socket.once('disconnect', () => clearTimeout(expiry));
    if (socket.recovered) {
      // Rooms restored and missed events replayed (only while its sign-in is still valid: LiveIoAdapter).
      // A snapshot follows all the same: events broadcast while the session was being restored, before
      // the socket counted as connected, never reached it, and no later event need show it the gap.
      await socket.join([userRoom(user.id), sessionRoom(user.sessionId)]);
    } else {
      const scope = visibleSiteIds(user);
      const suffix = socket.handshake.auth?.trafficBatch === true ? BATCH : '';
      await socket.join([...(scope === null ? [COORDINATION_ROOM] : scope.map(siteRoom)).map((room) => room + suffix), userRoom(user.id), sessionRoom(user.sessionId)]);
    }
    try {
      socket.emit('snapshot', await this.live.snapshot(user));
    } catch (error) {
      // Without a first snapshot the client has nothing to apply deltas to: let it reconnect later.
      this.logger.warn(`snapshot failed: ${toApiError(error).message}`);
      socket.disconnect(true);
    }
  }

  @SubscribeMessage('movements')
  onMovements(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<MovementsResult>> {
    return this.acknowledge(socket, 'movements', async () => {
      assertPermission(socket.data.user.role, 'recordMovements');
      await this.rateLimits.write(socket.data.user);
      return this.traffic.recordMovements(socket.data.user, parseOrThrow(movementBatchSchema, body));
    });
  }

  @SubscribeMessage('case:create')
  onCaseCreate(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<CaseView & { duplicate: boolean }>> {
    return this.acknowledge(socket, 'case:create', async () => {
      assertPermission(socket.data.user.role, 'writeCases');
      await this.rateLimits.write(socket.data.user);
      const result = await this.cases.create(socket.data.user, parseOrThrow(caseCreateSchema, body));
      return { ...result.case, duplicate: result.duplicate };
    });
  }

  @SubscribeMessage('snapshot:request')
  onSnapshotRequest(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack<LiveSnapshot>> {
    return this.acknowledge(socket, 'snapshot:request', async () => {
      if (body !== undefined) throw new BadRequestException('snapshot:request takes no payload');
      return this.live.snapshot(socket.data.user);
    });
  }

  /** Socket writes answer through their acknowledgement, errors included, never as a stray event. */
  private async acknowledge<T>(socket: LiveSocket, event: keyof ClientToServerEvents, work: () => Promise<T>): Promise<Ack<T>> {
    try {
      return { ok: true, data: await work() };
    } catch (exception) {
      return { ok: false, error: this.refusal(socket, event, exception) };
    }
  }

  /** The error a socket is answered with; 401 and 403 (handshakes included) go to the audit log. */
  private refusal(socket: LiveSocket, target: string, exception: unknown): ApiError {
    const error = toApiError(exception);
    this.audit.accessRefused(exception, error, { channel: 'socket', target, user: socket.data.user ?? null, address: socket.handshake.address });
    return error;
  }

  /**
   * Each socket has a budget of messages per 10 s: beyond it, messages are answered with 429 in their
   * acknowledgement (or dropped when they have none); a socket that goes on at twice the pace is closed.
   * A message whose session is over is answered with 401 and its socket closed.
   */
  private async admitMessage(socket: LiveSocket, packet: unknown[], next: (error?: Error) => void): Promise<void> {
    const ack = packet.at(-1);
    const refuse = (error: unknown) => {
      const apiError = this.refusal(socket, String(packet[0]), error);
      if (typeof ack === 'function') ack({ ok: false, error: apiError });
      return apiError;
    };
    try {
      await this.messageBudget.consume(socket.id);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error as Error);
      refuse(new TooManyRequestsException(Math.ceil(error.msBeforeNext / 1000)));
      if (error.consumedPoints > 2 * this.config.socketMessagesPer10s) socket.disconnect(true);
      return;
    }
    try {
      // A revocation whose broadcast did not reach this instance (Redis away) still stops the next message.
      await this.auth.assertStillValid(socket.data.user);
    } catch (error) {
      if (refuse(error).statusCode === 401) socket.disconnect(true);
      return;
    }
    // An event nobody handles is answered too, so that its sender does not wait for ever.
    if (socket.listenerCount(packet[0] as never) === 0) return void refuse(new NotFoundException(`unknown event ${String(packet[0]).slice(0, 64)}`));
    next();
  }

  onApplicationShutdown(): void {
    this.unsubscribes.forEach((unsubscribe) => unsubscribe());
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  /**
   * Throttles traffic deltas to one flush per LIVE_COALESCE_MS: a change after a quiet spell goes out
   * at once, changes during a busy one wait for the end of the current window.
   */
  private markDirty(siteIds: string[]): void {
    siteIds.forEach((id) => this.dirtySites.add(id));
    if (this.flushTimer) return;
    const wait = Math.max(0, this.lastFlushAt + this.config.liveCoalesceMs - Date.now());
    this.flushTimer = setTimeout(() => void this.flushTraffic(), wait);
  }

  /** One query for every site that changed during the window, then one `traffic` message per site. */
  private async flushTraffic(): Promise<void> {
    const siteIds = [...this.dirtySites];
    this.dirtySites.clear();
    this.lastFlushAt = Date.now();
    try {
      const figures = await this.traffic.liveFigures(siteIds);
      const sent = await this.emitInOrder(siteIds, (seq) => {
        const items = siteIds.map((siteId) => ({
          siteId,
          seq: seq(siteId),
          today: figures.today.get(siteId) ?? emptyFigures(),
          lastHour: figures.lastHour.get(siteId) ?? emptyFigures(),
        }));
        // One message per site for plain clients; one per flush (and per own site) for batching ones:
        // a thousand dashboards then cost a thousand writes per flush, not a thousand per site.
        for (const item of items) {
          this.ns.to([siteRoom(item.siteId), COORDINATION_ROOM]).emit('traffic', item);
          this.ns.to(siteRoom(item.siteId) + BATCH).emit('traffic:batch', { items: [item] });
        }
        this.ns.to(COORDINATION_ROOM + BATCH).emit('traffic:batch', { items });
      });
      if (!sent) siteIds.forEach((id) => this.dirtySites.add(id));
    } catch (error) {
      this.logger.warn(`traffic delta failed, retrying: ${toApiError(error).message}`);
      siteIds.forEach((id) => this.dirtySites.add(id));
    } finally {
      this.flushTimer = null;
      if (this.dirtySites.size > 0) this.markDirty([]);
    }
  }

  /**
   * Queues an emission; queued emissions go out in order, each with the sites' next sequence numbers
   * (shared by all instances, in PostgreSQL). Whatever queued up meanwhile takes its numbers in one
   * statement, so a burst costs one round trip, not one per event. Resolves false if numbers could
   * not be taken: the event is dropped and clients catch up with a snapshot, asked for on any gap.
   */
  private emitInOrder(siteIds: string[], emit: (seq: (siteId: string) => number) => void): Promise<boolean> {
    return new Promise((resolve) => {
      this.pendingEmissions.push({ siteIds, emit, resolve });
      void this.drainEmissions();
    });
  }

  private async drainEmissions(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pendingEmissions.length > 0) {
        const batch = this.pendingEmissions.splice(0, 1_000);
        const counts = new Map<string, number>();
        for (const item of batch) for (const id of new Set(item.siteIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
        let last: Map<string, number>;
        try {
          last = await this.sequences.take(counts);
        } catch (error) {
          this.logger.warn(`live events dropped: ${toApiError(error).message}`);
          batch.forEach((item) => item.resolve(false));
          continue;
        }
        // Hand out each site's numbers in queue order: the first queued gets the lowest.
        const next = new Map([...counts].map(([id, n]) => [id, (last.get(id) ?? n) - n + 1]));
        for (const item of batch) {
          const mine = new Map([...new Set(item.siteIds)].map((id) => [id, next.get(id) ?? 0]));
          mine.forEach((_, id) => next.set(id, (next.get(id) ?? 0) + 1));
          item.emit((siteId) => mine.get(siteId) ?? 0);
          item.resolve(true);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private toSite(siteId: string) {
    return this.ns.to([siteRoom(siteId), COORDINATION_ROOM, siteRoom(siteId) + BATCH, COORDINATION_ROOM + BATCH]);
  }

  private async refreshAllSites(): Promise<void> {
    try {
      this.markDirty((await this.sites.findAll()).filter((s) => s.active).map((s) => s.id));
    } catch (error) {
      this.logger.warn(`periodic refresh failed: ${toApiError(error).message}`);
    }
  }
}
