import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '@marhaba/shared';
import { isDatabaseUnavailable } from '../database/pg-errors.js';

const logger = new Logger('Errors');

function body(statusCode: number, message: string, details?: ApiError['details']): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

/**
 * The one mapping from anything thrown to the JSON error clients see, over HTTP and in socket
 * acknowledgements alike: 4xx says what is wrong, 503 when the database is away, 500 otherwise.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const status = error.getStatus();
    if (typeof response === 'string') return body(status, response);
    const r = response as { message?: unknown; details?: ApiError['details'] };
    const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error.message);
    return body(status, message, r.details);
  }
  // Errors raised by the body parser carry their status (413 too large, 400 bad JSON).
  const e = error as { status?: unknown; type?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string') {
    const message = e.type === 'entity.too.large' ? 'request body is too large' : e.type === 'entity.parse.failed' ? 'request body is not valid JSON' : String(e.type);
    return body(e.status, message);
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return body(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unavailable, try again shortly');
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
}
