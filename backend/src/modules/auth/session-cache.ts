/** A session's check as PostgreSQL answered it: whose it is and when it ends. */
export interface LiveSession {
  userId: string;
  endsAt: number;
}

interface Entry extends LiveSession {
  checkedAt: number;
}

/**
 * Sessions this instance found live lately, so that a request or a socket message costs no PostgreSQL
 * round trip. Revocations forget entries; an entry is trusted at most `maxAgeMs()` after its check (the
 * bound for a revocation that never reached this instance), and never past the session's end.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Bumped by every forget: a check in flight across a revocation may have read the session before it
   * was revoked, and must not be remembered.
   */
  private generation = 0;

  constructor(
    private readonly maxAgeMs: () => number,
    private readonly capacity = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isLive(sessionId: string, load: () => Promise<LiveSession | null>): Promise<boolean> {
    const entry = this.entries.get(sessionId);
    const now = this.now();
    if (entry && now - entry.checkedAt < this.maxAgeMs() && now < entry.endsAt) return true;
    const generation = this.generation;
    const live = await load();
    this.entries.delete(sessionId);
    if (!live) return false;
    if (generation === this.generation) {
      // Map keeps insertion order: the first key is the entry checked longest ago.
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(sessionId, { ...live, checkedAt: now });
    }
    return true;
  }

  forgetSession(sessionId: string): void {
    this.generation++;
    this.entries.delete(sessionId);
  }

  forgetUser(userId: string): void {
    this.generation++;
    for (const [id, entry] of this.entries) if (entry.userId === userId) this.entries.delete(id);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
