import type { Server as HttpServer, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * Lets go of a proxy's pooled keep-alive connections without racing it when the instance stops.
 *
 * A connection the server closes while it looks idle may already carry the proxy's next request, unread in
 * the kernel: the proxy sees a reset and, for a POST it has sent, answers 502 instead of trying another
 * instance. HTTP/1.1 has one safe way to end a connection from the server: say `Connection: close` on a
 * response, after which the proxy never sends on it again. So while draining, every response (in flight or
 * new) says it; the listener is closed (once it has accepted what was queued), so new connections are refused
 * (which nginx does pass to the other instance, the request not being sent); and a connection still idle is closed only once the drain is
 * over, when the proxy has had the time to use it once (and get its `Connection: close`) or drop it.
 */
export class HttpDrain {
  private draining = false;
  /** Responses whose request arrived before the drain: those whose headers are not sent yet get `Connection: close` too. */
  private readonly inFlight = new Set<ServerResponse>();
  /** Plain HTTP connections (an upgraded websocket leaves the set: its gateway ends it). */
  private readonly connections = new Set<Socket>();
  private settled: (() => void) | null = null;

  constructor(private readonly server: HttpServer) {
    // Before any other listener: Express may answer within its own 'request' listener.
    server.prependListener('request', (_req, res) => {
      if (this.draining) {
        res.setHeader('connection', 'close');
        return;
      }
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
    });
    server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.once('close', () => this.forget(socket));
    });
    server.on('upgrade', (_req, socket: Socket) => this.forget(socket));
  }

  /**
   * Stops accepting and closes connections only as the responses on them say so. Resolves once every
   * connection has ended, or after `graceMs` (then the caller closes what is still idle).
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    // A listener closed resets the connections still in its accept queue, which the proxy may have sent a
    // request on already (a 502 again). Close it only after a whole poll phase that began after this point,
    // in which Node accepts what is queued: the next check phase but one (the first may come before any poll).
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    // net.Server's close, not http.Server's: that one also closes every idle keep-alive connection at once,
    // the race this class avoids. The http one still runs later (app.close()) and waits for the rest.
    NetServer.prototype.close.call(this.server);
    if (this.connections.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      timer.unref();
      this.settled = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private forget(socket: Socket): void {
    this.connections.delete(socket);
    if (this.connections.size === 0) this.settled?.();
  }
}
