/** Exponential backoff with full jitter: a wall of consoles coming back after an outage does not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 1_000, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
