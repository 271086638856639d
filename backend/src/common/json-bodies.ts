import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Routes that take a file upload (`multipart/form-data`, read by their own interceptor) besides JSON. */
const UPLOAD_PATHS = new Set(['/api/imports']);

/**
 * Request bodies are JSON. The JSON parser skips any other content type, and validation would then see
 * no body at all (`{}`): a body sent as text/plain or a form is refused with a 415 instead.
 */
export function refuseNonJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  const accepted = req.is('application/json') || (UPLOAD_PATHS.has(req.path) && req.is('multipart/form-data'));
  next(hasBody && !accepted ? new UnsupportedMediaTypeException(UPLOAD_PATHS.has(req.path) ? 'the request body must be application/json or multipart/form-data' : 'the request body must be application/json') : undefined);
}
