import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths that belong to the API, its docs and the realtime feed: the console never answers for them. */
const BACKEND_PATHS = /^\/(api|socket\.io)(\/|$)/;

/**
 * Serves the built console from `dir` at `/`: hashed assets cached for good, `index.html` always
 * revalidated, and any other extension-less GET (a client-side route such as `/sites/nador`)
 * answered with `index.html`. Returns false, serving nothing, when the console is not built.
 */
export function serveConsole(app: NestExpressApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.startsWith(join(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || BACKEND_PATHS.test(req.path) || extname(req.path) !== '') return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
