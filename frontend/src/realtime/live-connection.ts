import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, LIVE_RECONNECTION, type CaseView, type ClientToServerEvents, type LiveSnapshot, type ServerToClientEvents } from '@marhaba/shared';
import { fetchSnapshot } from '../api/live';
import { useCasesStore } from '../stores/cases';
import { useLiveStore, type LiveDelta } from '../stores/live';
import { useTodayStore } from '../stores/today';
import { backoffDelay } from './backoff';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SNAPSHOT_TIMEOUT_MS = 10_000;

export interface LiveConnection {
  stop(): void;
}

/**
 * The console's one socket to `/live`. The token goes in the handshake's auth payload, read again at
 * every reconnection (never in the URL). socket.io reconnects with exponential backoff and jitter;
 * every connection starts with a snapshot (a recovered one replays what it missed first), and a gap
 * in a site's sequence numbers asks for a fresh snapshot.
 */
export function startLiveConnection(options: {
  token: () => Promise<string | null>;
  /** Asks for a new token after the server refused one; true when one came. */
  renew: () => Promise<boolean>;
  onUnauthorized: () => void;
  /** Every case event applied, for views that keep their own list (the site assistant's open cases). */
  onCase?: (c: CaseView) => void;
}): LiveConnection {
  const live = useLiveStore();
  const cases = useCasesStore();
  const today = useTodayStore();
  let resyncing = false;
  let snapshotAttempts = 0;
  let snapshotRetry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let kickedAttempts = 0;
  let kickTimer: ReturnType<typeof setTimeout> | undefined;

  const socket: LiveSocket = io(LIVE_NAMESPACE, {
    // Traffic deltas batched per flush: one message for all sites that changed (LiveHandshake).
    auth: (cb) => void options.token().then((token) => cb({ token, trafficBatch: true })),
    ...LIVE_RECONNECTION,
  });

  function takeSnapshot(snapshot: LiveSnapshot): void {
    kickedAttempts = 0;
    snapshotAttempts = 0;
    clearTimeout(snapshotRetry);
    const complete = live.applySnapshot(snapshot);
    today.touchAll();
    if (!complete) void resync();
  }

  /** A fresh snapshot over the socket, or over HTTP if the socket does not answer. */
  async function resync(): Promise<void> {
    if (resyncing || stopped) return;
    resyncing = true;
    live.suspend();
    try {
      let snapshot: LiveSnapshot;
      try {
        const ack = await socket.timeout(SNAPSHOT_TIMEOUT_MS).emitWithAck('snapshot:request');
        if (!ack.ok) throw new Error(ack.error.message);
        snapshot = ack.data;
      } catch {
        snapshot = await fetchSnapshot();
      }
      resyncing = false;
      if (!stopped) takeSnapshot(snapshot);
    } catch {
      resyncing = false;
      // Neither way answered. With the socket down, its next connect brings a snapshot; with it up (the
      // server cannot build one, its database refusing), nothing else would: try again, with backoff.
      if (!socket.connected) live.connectionLost();
      else if (!stopped) {
        const delay = backoffDelay(snapshotAttempts++, Math.random, LIVE_RECONNECTION.reconnectionDelay, LIVE_RECONNECTION.reconnectionDelayMax);
        live.snapshotFailed(delay);
        snapshotRetry = setTimeout(() => void resync(), delay);
      }
    }
  }

  function receive(delta: LiveDelta): void {
    const outcome = live.receive(delta);
    if (outcome === 'gap') void resync();
    if (outcome !== 'applied') return;
    if (delta.kind === 'case') {
      cases.upsert(delta.event.case, true);
      options.onCase?.(delta.event.case);
    }
    if (delta.kind === 'traffic') today.touch(delta.event.siteId);
  }

  socket.on('connect', () => {
    // Recovered or not, a snapshot follows: deltas (replayed missed ones included) wait for it.
    clearTimeout(snapshotRetry);
    live.suspend();
  });
  socket.on('snapshot', takeSnapshot);
  socket.on('traffic:batch', ({ items }) => items.forEach((event) => receive({ kind: 'traffic', event })));
  socket.on('case', (event) => receive({ kind: 'case', event }));
  socket.on('alert', (event) => receive({ kind: 'alert', event }));
  socket.on('holding', (event) => receive({ kind: 'holding', event }));
  socket.on('disconnect', (reason) => {
    // The last picture stays on screen until the next connection's snapshot.
    live.connectionLost();
    // socket.io retries by itself except when the server closed the connection: retry here, with the same backoff.
    if (reason === 'io server disconnect' && !stopped) kickTimer = setTimeout(() => socket.connect(), backoffDelay(kickedAttempts++, Math.random, LIVE_RECONNECTION.reconnectionDelay, LIVE_RECONNECTION.reconnectionDelayMax));
  });
  socket.on('connect_error', (error) => {
    if (error.message === 'unauthorized') {
      // An expired token is renewed and the connection tried again; a revoked session ends here.
      live.connectionStopped();
      void options.renew().then((renewed) => {
        if (stopped) return;
        if (renewed) socket.connect();
        else options.onUnauthorized();
      });
    } else {
      live.connectionLost();
    }
  });
  socket.io.on('reconnect_failed', () => live.connectionStopped());

  return {
    stop() {
      stopped = true;
      clearTimeout(kickTimer);
      clearTimeout(snapshotRetry);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    },
  };
}
