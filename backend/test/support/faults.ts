import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { LiveSnapshot, SiteLive } from '@marhaba/shared';
import type { LiveClient } from './test-app.js';

// The waits live in a module without imports, which the browser tests use too.
export { sleep, waitFor } from './wait.js';

/** A random whole number in [min, max]. */
export const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** Prints a fault test's figures on one line, `[reliability] <name> key=value …`, for RELIABILITY.md and CI logs. */
export function reportFigures(name: string, figures: Record<string, number | string>): void {
  process.stdout.write(`[reliability] ${name} ${Object.entries(figures).map(([key, value]) => `${key}=${value}`).join(' ')}\n`);
}

/** What a dashboard shows of each site: the figures compared between a client and a fresh snapshot. */
export function shownFigures(sites: Iterable<SiteLive>): Record<string, unknown> {
  return Object.fromEntries(
    [...sites]
      .sort((x, y) => x.siteId.localeCompare(y.siteId))
      .map((s) => [s.siteId, { today: s.today, lastHour: s.lastHour, openCases: s.openCases, vehiclesWaiting: s.holding?.vehiclesWaiting ?? null }]),
  );
}

interface Delta {
  siteId: string;
  seq: number;
  change: (site: SiteLive) => SiteLive;
}

/**
 * A dashboard as the console keeps it (frontend/src/stores/live.ts and realtime/live-connection.ts): a
 * snapshot, then deltas applied in per-site sequence order; a gap asks for a fresh snapshot (over the
 * socket, else over HTTP); every connection, recovered or not, waits for its snapshot.
 */
export class LiveMirror {
  readonly sites = new Map<string, SiteLive>();
  ready = false;
  snapshots = 0;
  gaps = 0;
  private seq: Record<string, number> = {};
  private buffered: Delta[] = [];
  private resyncing = false;

  /** `fetchSnapshot`: the HTTP snapshot the console falls back on when the socket does not answer. */
  constructor(
    readonly socket: LiveClient,
    private readonly fetchSnapshot?: () => Promise<LiveSnapshot>,
  ) {
    socket.on('connect', () => {
      this.ready = false;
    });
    socket.on('snapshot', (snapshot) => this.applySnapshot(snapshot));
    socket.on('traffic', (e) => this.receive({ siteId: e.siteId, seq: e.seq, change: (s) => ({ ...s, today: e.today, lastHour: e.lastHour }) }));
    socket.on('traffic:batch', ({ items }) =>
      items.forEach((e) => this.receive({ siteId: e.siteId, seq: e.seq, change: (s) => ({ ...s, today: e.today, lastHour: e.lastHour }) })),
    );
    socket.on('case', ({ seq, case: c }) => {
      // As the console counts open cases: a new case adds one, a case reaching resolved takes one away.
      const step = c.version === 1 && c.status !== 'resolved' ? 1 : c.version > 1 && c.status === 'resolved' ? -1 : 0;
      this.receive({ siteId: c.siteId, seq, change: (s) => ({ ...s, openCases: { ...s.openCases, [c.category]: s.openCases[c.category] + step } }) });
    });
    socket.on('alert', ({ seq, alert }) => this.receive({ siteId: alert.siteId, seq, change: (s) => s }));
    socket.on('holding', ({ seq, ...holding }) => this.receive({ siteId: holding.siteId, seq, change: (s) => ({ ...s, holding }) }));
  }

  /** True when this dashboard is live and shows what `snapshot` shows. */
  shows(snapshot: LiveSnapshot): boolean {
    return this.ready && this.socket.connected && isDeepStrictEqual(shownFigures(this.sites.values()), shownFigures(snapshot.sites));
  }

  /** The last sequence number applied for a site. */
  lastSeq(siteId: string): number {
    return this.seq[siteId] ?? 0;
  }

  private receive(delta: Delta): void {
    if (!this.ready) {
      this.buffered.push(delta);
      return;
    }
    const last = this.seq[delta.siteId] ?? 0;
    if (delta.seq <= last) return;
    if (delta.seq > last + 1) {
      this.ready = false;
      this.buffered.push(delta);
      void this.resync();
      return;
    }
    this.sites.set(delta.siteId, delta.change(this.sites.get(delta.siteId)!));
    this.seq[delta.siteId] = delta.seq;
  }

  private applySnapshot(snapshot: LiveSnapshot): void {
    this.snapshots++;
    this.sites.clear();
    snapshot.sites.forEach((s) => this.sites.set(s.siteId, s));
    this.seq = { ...snapshot.seq };
    this.ready = true;
    const replay = this.buffered;
    this.buffered = [];
    replay.forEach((delta) => this.receive(delta));
  }

  private async resync(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    this.gaps++;
    let snapshot: LiveSnapshot | null = null;
    try {
      const ack = await this.socket.timeout(10_000).emitWithAck('snapshot:request');
      if (ack.ok) snapshot = ack.data;
    } catch {
      // No answer in time: over HTTP, if the console would.
    }
    try {
      snapshot ??= (await this.fetchSnapshot?.()) ?? null;
    } catch {
      // Neither answered: the connection is going down and its next connect brings a snapshot.
    }
    this.resyncing = false;
    if (snapshot) this.applySnapshot(snapshot);
  }
}

/** Peak CPU (percent of one core) and resident memory of processes, read from /proc while a fault plays out. */
export class ProcessSampler {
  peakCpuPercent = 0;
  peakRssMb = 0;
  private readonly last = new Map<number, { ticks: number; at: number }>();
  private timer: NodeJS.Timeout | null = null;

  /** Resident memory of a process now, in MB (0 once it has exited). */
  static rssMb(pid: number | undefined): number {
    try {
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    } catch {
      return 0;
    }
  }

  /** `pids` is asked at every sample: restarted processes get new ids. */
  start(pids: () => (number | undefined)[], everyMs = 250): void {
    this.timer = setInterval(() => pids().forEach((pid) => pid && this.sample(pid)), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private sample(pid: number): void {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return; // exited meanwhile
    }
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const at = Date.now();
    const previous = this.last.get(pid);
    if (previous && at > previous.at) this.peakCpuPercent = Math.max(this.peakCpuPercent, Math.round(((ticks - previous.ticks) * 1000) / (at - previous.at)));
    this.last.set(pid, { ticks, at });
    this.peakRssMb = Math.max(this.peakRssMb, ProcessSampler.rssMb(pid));
  }
}
