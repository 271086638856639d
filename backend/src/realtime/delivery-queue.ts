import type { Adapter, BroadcastOptions } from 'socket.io-adapter';

/**
 * Socket writes handed out per turn of the event loop. One write costs 10 to 25 µs (a `writev` on the
 * socket and engine.io's bookkeeping, the frame itself being encoded once per broadcast): 200 keep a
 * turn under about 5 ms, where a flush to 1,000 dashboards in one go held the loop for 25 ms.
 */
export const WRITES_PER_TURN = 200;

/**
 * Hands out deliveries (one write to one target each) in order, at most `perTurn` per turn of the event
 * loop, so that HTTP requests and database answers are served between the writes of a large broadcast.
 * One queue for all the broadcasts of a namespace keeps each socket's messages in broadcast order: a
 * later message never overtakes an earlier one still waiting for its turn.
 */
export class DeliveryQueue<T> {
  private readonly queue: { targets: T[]; next: number; deliver: (target: T) => void }[] = [];
  private busy = false;

  constructor(
    private readonly perTurn: number,
    private readonly nextTurn: (run: () => void) => void = (run) => void setImmediate(run),
  ) {}

  add(targets: T[], deliver: (target: T) => void): void {
    if (targets.length === 0) return;
    this.queue.push({ targets, next: 0, deliver });
    // Nothing waiting: the first writes go out at once, the rest in the next turns.
    if (!this.busy) this.run();
  }

  private readonly run = (): void => {
    this.busy = true;
    try {
      let budget = this.perTurn;
      while (budget > 0 && this.queue.length > 0) {
        const head = this.queue[0];
        const end = Math.min(head.targets.length, head.next + budget);
        budget -= end - head.next;
        while (head.next < end) head.deliver(head.targets[head.next++]);
        if (head.next === head.targets.length) this.queue.shift();
      }
    } finally {
      // A write that throws is not retried, and never stalls the writes queued behind it.
      if (this.queue.length > 0) this.nextTurn(this.run);
      else this.busy = false;
    }
  };
}

/** What socket.io-adapter's Adapter does with a broadcast, which its typings keep private. */
interface BroadcastInternals {
  _encode(packet: unknown, packetOpts: unknown): unknown;
  apply(opts: BroadcastOptions, callback: (socket: unknown) => void): void;
  broadcastWithAck(...args: unknown[]): void;
}

/**
 * Makes this adapter's local broadcast writes go through `queue`. Adapter.broadcast, whichever subclass
 * calls it (the in-memory recovery adapter, or the Redis streams adapter for local and remote
 * emissions), encodes the packet once and then applies one write to each target socket: that apply's
 * writes are queued. Every other apply (joins, leaves, disconnections, fetches) stays synchronous, and
 * so does a broadcast expecting acknowledgements, which counts its targets at once.
 */
export function spreadBroadcastWrites(adapter: Adapter, queue: DeliveryQueue<unknown>): void {
  const internals = adapter as unknown as BroadcastInternals;
  const encode = internals._encode.bind(adapter);
  const apply = internals.apply.bind(adapter);
  const broadcastWithAck = internals.broadcastWithAck.bind(adapter);
  let withAck = false;
  let delivering = false;
  internals._encode = (packet, packetOpts) => {
    delivering = !withAck;
    return encode(packet, packetOpts);
  };
  internals.apply = (opts, callback) => {
    if (!delivering) return apply(opts, callback);
    delivering = false;
    const targets: unknown[] = [];
    apply(opts, (socket) => targets.push(socket));
    queue.add(targets, callback);
  };
  internals.broadcastWithAck = (...args) => {
    withAck = true;
    try {
      broadcastWithAck(...args);
    } finally {
      withAck = false;
    }
  };
}
