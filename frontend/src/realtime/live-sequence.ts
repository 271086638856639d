/**
 * What happened to a delta: applied; stale (already in the picture); buffered (no snapshot yet);
 * or gap (numbers were skipped: the picture is out of date until a fresh snapshot arrives).
 */
export type DeltaOutcome = 'applied' | 'stale' | 'buffered' | 'gap';

/** Where a delta sits in the live stream: each site has its own series of sequence numbers. */
export interface StreamPosition {
  siteId: string;
  seq: number;
}

/** Deltas kept while waiting for a snapshot; past this the oldest go (the snapshot will cover them or show a gap). */
const MAX_BUFFERED = 5_000;

/**
 * The order protocol of the live stream (DESIGN.md, "Realtime"): a snapshot says where each site's
 * series stands, then each site's deltas must follow one by one. Deltas that come before the snapshot
 * wait for it; a skipped number stops everything until the next snapshot. It knows nothing of what a
 * delta means: `apply` (the store's reducer) does.
 */
export class LiveSequence<D> {
  private readonly seq = new Map<string, number>();
  private buffered: D[] = [];
  private synced = false;

  constructor(
    private readonly positionOf: (delta: D) => StreamPosition,
    private readonly apply: (delta: D) => void,
    private readonly maxBuffered = MAX_BUFFERED,
  ) {}

  /** Whether deltas are being applied: a snapshot came and no gap was seen since. */
  get ready(): boolean {
    return this.synced;
  }

  /** Applies a delta in sequence, or says why not. */
  receive(delta: D): DeltaOutcome {
    if (!this.synced) {
      this.buffered.push(delta);
      if (this.buffered.length > this.maxBuffered) this.buffered.shift();
      return 'buffered';
    }
    const { siteId, seq } = this.positionOf(delta);
    const last = this.last(siteId);
    if (seq <= last) return 'stale';
    if (seq > last + 1) {
      this.synced = false;
      this.buffered.push(delta);
      return 'gap';
    }
    this.apply(delta);
    this.seq.set(siteId, seq);
    return 'applied';
  }

  /**
   * A snapshot's positions replace the known ones, then the deltas that arrived meanwhile and are newer
   * are replayed. Returns false when the replay finds a gap again: ask for another snapshot.
   */
  restart(positions: Record<string, number>): boolean {
    this.seq.clear();
    for (const [siteId, seq] of Object.entries(positions)) this.seq.set(siteId, seq);
    this.synced = true;
    const replay = this.buffered;
    this.buffered = [];
    return replay.every((delta) => this.receive(delta) !== 'gap');
  }

  /** A snapshot is on its way: buffer deltas until it arrives. */
  suspend(): void {
    this.synced = false;
  }

  reset(): void {
    this.synced = false;
    this.buffered = [];
    this.seq.clear();
  }

  /** The last sequence number applied for a site (0 before any). */
  last(siteId: string): number {
    return this.seq.get(siteId) ?? 0;
  }
}
