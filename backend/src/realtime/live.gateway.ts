import type { IncomingMessage } from 'node:http';
import { BadRequestException, Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import proxyAddr from 'proxy-addr';
import type { Namespace, Socket } from 'socket.io';
import {
  BUCKET_MINUTES,
  caseCreateSchema,
  emptyFigures,
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
import { PeriodicTask } from '../common/periodic-task.js';
import { assertPermission } from '../common/permissions.js';
import { RateLimits } from '../common/rate-limits.js';
import { RedisConnections } from '../common/redis-connections.js';
import { visibleSiteIds } from '../common/site-scope.js';
import { parseOrThrow } from '../common/zod.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { AuthService, type Principal } from '../modules/auth/auth.service.js';
import { CasesService } from '../modules/cases/cases.service.js';
import { LiveService } from '../modules/live/live.service.js';
import { SitesService } from '../modules/sites/sites.service.js';
import { TrafficService } from '../modules/traffic/traffic.service.js';
import { LiveSequencer } from './live-sequencer.js';
import { MessageAdmission } from './message-admission.js';
import { TrafficCoalescer } from './traffic-coalescer.js';

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
 * sequence numbers (LiveSequencer). Traffic deltas are coalesced: at most one flush per LIVE_COALESCE_MS
 * (TrafficCoalescer). Messages from clients pass MessageAdmission before their handler.
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
  private refreshTimer: NodeJS.Timeout | null = null;
  private unsubscribes: (() => void)[] = [];
  private readonly sequencer: LiveSequencer;
  private readonly coalescer: TrafficCoalescer;
  private readonly admission: MessageAdmission<LiveSocket>;
  private readonly sessionRecheck: PeriodicTask;

  constructor(
    private readonly auth: AuthService,
    private readonly live: LiveService,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    private readonly sites: SitesService,
    private readonly events: DomainEvents,
    private readonly rateLimits: RateLimits,
    private readonly audit: AuditService,
    private readonly redis: RedisConnections,
    private readonly http: HttpAdapterHost,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sequencer = new LiveSequencer((counts) => this.live.takeSequences(counts));
    this.coalescer = new TrafficCoalescer(config.liveCoalesceMs, (siteIds) => this.sendTraffic(siteIds));
    this.admission = new MessageAdmission<LiveSocket>({
      messagesPer10s: config.socketMessagesPer10s,
      assertStillValid: (user) => this.auth.assertStillValid(user),
      refusal: (socket, event, error) => this.refusal(socket, event, error),
    });
    this.sessionRecheck = new PeriodicTask('session recheck', config.sessionRecheckMs, () => this.closeEndedSessions());
  }

  afterInit(ns: LiveNamespace): void {
    // The client address as HTTP sees it (Express's compiled TRUST_PROXY: X-Forwarded-For from trusted
    // proxies only), read while the handshake request is still there; socket.handshake.address reads it.
    const trust = this.http.httpAdapter.getInstance<{ get(setting: string): (address: string, hop: number) => boolean }>().get('trust proxy fn');
    // Each connection would otherwise keep its handshake HTTP request alive: a few KB per dashboard.
    ns.server.engine.on('connection', (raw: { request: IncomingMessage | null; remoteAddress: string }) => {
      if (raw.request) raw.remoteAddress = proxyAddr(raw.request, trust);
      raw.request = null;
    });
    // socket.io always serves its main namespace `/`, unauthenticated: nothing is offered there, refuse it.
    ns.server.of('/').use((_socket, next) => next(new Error('unauthorized')));
    // The token travels in the handshake's auth payload only, never in the URL.
    ns.use((socket, next) => {
      this.auth.verify(socket.handshake.auth?.token).then(
        (user) => {
          socket.data.user = user;
          socket.use((packet, nextPacket) => void this.admission.admit(socket, packet, nextPacket));
          next();
        },
        (error: unknown) => {
          this.refusal(socket, 'handshake', error);
          next(new Error('unauthorized'));
        },
      );
    });
    this.unsubscribes = [
      this.events.on('movements.committed', ({ siteIds }) => this.coalescer.markDirty(siteIds)),
      this.events.on('case.changed', (c) => this.sequencer.emitInOrder([c.siteId], (seq) => this.toSite(c.siteId).emit('case', { seq: seq(c.siteId), case: c }))),
      this.events.on('alert.changed', (a) => this.sequencer.emitInOrder([a.siteId], (seq) => this.toSite(a.siteId).emit('alert', { seq: seq(a.siteId), alert: a }))),
      this.events.on('holding.changed', (h) => this.sequencer.emitInOrder([h.siteId], (seq) => this.toSite(h.siteId).emit('holding', { ...h, seq: seq(h.siteId) }))),
      // Through the adapter, so the sockets close on every instance.
      this.events.on('sessions.revoked', (r) => this.ns.in('userId' in r ? userRoom(r.userId) : sessionRoom(r.sessionId)).disconnectSockets(true)),
      // Events broadcast while Redis was away may never have reached other instances' dashboards: fresh
      // sequence numbers for every site show them the gap, and they ask for a snapshot.
      this.redis.onStreamsBack(() => void this.refreshAllSites()),
    ];
    // "Last hour" and "today" move with the clock: refresh every site at each bucket boundary.
    this.refreshTimer = setInterval(() => void this.refreshAllSites(), BUCKET_MINUTES * 60_000);
    this.refreshTimer.unref();
    this.sessionRecheck.start();
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

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribes.forEach((unsubscribe) => unsubscribe());
    await this.sessionRecheck.stop();
    this.coalescer.stop();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  /**
   * One query for every site that changed during the window, then one `traffic` message per site. The
   * figures are read before the sequence numbers are taken, not meanwhile: a message goes out as soon as
   * it has its numbers, which leaves another instance little time to send a later number first.
   */
  private async sendTraffic(siteIds: string[]): Promise<boolean> {
    const figures = await this.traffic.liveFigures(siteIds);
    return this.sequencer.emitInOrder(siteIds, (seq) => {
      const items = siteIds.map((siteId) => ({
        siteId,
        seq: seq(siteId),
        today: figures.today.get(siteId) ?? emptyFigures(),
        lastHour: figures.lastHour.get(siteId) ?? emptyFigures(),
      }));
      // One message per flush for batching coordinators, one per own site for batching assistants, one
      // per site for plain clients: a thousand dashboards then cost a thousand writes per flush, not a
      // thousand per site. The coordinators' batch, the one with thousands of sockets, goes first: its
      // writes (and with Redis its stream entry, on every instance) then wait for none of the 2 × sites
      // other broadcasts. No socket in that room is in any of the others, so every socket still sees its
      // messages in order.
      this.ns.to(COORDINATION_ROOM + BATCH).emit('traffic:batch', { items });
      for (const item of items) {
        this.ns.to([siteRoom(item.siteId), COORDINATION_ROOM]).emit('traffic', item);
        this.ns.to(siteRoom(item.siteId) + BATCH).emit('traffic:batch', { items: [item] });
      }
    });
  }

  /**
   * Revocation reaches other instances through the adapter, which loses it while Redis is away; this
   * instance's own sockets are therefore checked against the sessions table every SESSION_RECHECK_MS.
   */
  private async closeEndedSessions(): Promise<void> {
    const sockets = [...this.ns.sockets.values()];
    const live = await this.auth.liveSessionIds([...new Set(sockets.map((s) => s.data.user.sessionId))]);
    for (const socket of sockets) if (!live.has(socket.data.user.sessionId)) socket.disconnect(true);
  }

  private toSite(siteId: string) {
    return this.ns.to([siteRoom(siteId), COORDINATION_ROOM, siteRoom(siteId) + BATCH, COORDINATION_ROOM + BATCH]);
  }

  private async refreshAllSites(): Promise<void> {
    try {
      this.coalescer.markDirty(await this.sites.activeIds());
    } catch (error) {
      this.logger.warn(`periodic refresh failed: ${toApiError(error).message}`);
    }
  }
}
