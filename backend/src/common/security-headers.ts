import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers (helmet), with a content security policy the console works under: its own scripts
 * only, inline styles (Leaflet and Vue set style attributes), map tiles from TILE_URL's origin. No
 * upgrade-insecure-requests: sites reach the console over plain HTTP on their LAN too.
 */
export function securityHeaders(tileUrl: string | null): RequestHandler {
  const tileOrigin = tileUrl && /^https?:\/\//.test(tileUrl) ? new URL(tileUrl.replace(/\{[a-z]\}/g, 'a')).origin : null;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}
