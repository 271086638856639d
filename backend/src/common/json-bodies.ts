import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Request bodies are JSON. The JSON parser skips any other content type, and validation would then see
 * no body at all (`{}`): a body sent as text/plain or a form is refused with a 415 instead.
 */
export function refuseNonJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  next(hasBody && !req.is('application/json') ? new UnsupportedMediaTypeException('the request body must be application/json') : undefined);
}
