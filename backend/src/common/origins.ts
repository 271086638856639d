/**
 * Whether a browser from `origin` may use the API and the socket: its own origin (the console served
 * by this backend or by the proxy in front of it, whose Host header names it) or one of CORS_ORIGINS.
 * Requests without an Origin come from programs, not pages: they still need a token.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowList.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // `null` (sandboxed pages, file://) and garbage
  }
}
