import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '@marhaba/shared';
import { isDatabaseUnavailable } from '../database/pg-errors.js';

const logger = new Logger('Errors');

function body(statusCode: number, message: string, details?: ApiError['details']): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details ? { details } : {}) };
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'request body is too large',
  'entity.parse.failed': 'request body is not valid JSON',
  'charset.unsupported': 'request body must be UTF-8 JSON',
  'encoding.unsupported': 'unsupported content encoding',
};

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  const candidate = e as { status?: unknown; type?: unknown } | null;
  return typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500 && typeof candidate.type === 'string';
}

/**
 * The one mapping from anything thrown to the JSON error clients see, over HTTP and in socket
 * acknowledgements alike: 4xx says what is wrong, 503 when the database is away, 500 otherwise.
 */
export function toApiError(error: unknown): ApiError {
  // Errors raised by the body parser carry their status and a type; Nest wraps them in an HttpException
  // whose message would quote the parser (and a piece of the body): answer in our words instead.
  const parser = [error, (error as { cause?: unknown } | null)?.cause].find(isBodyParserError);
  if (parser) return body(parser.status, BODY_PARSER_MESSAGES[parser.type] ?? parser.type);
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const status = error.getStatus();
    if (typeof response === 'string') return body(status, response);
    const r = response as { message?: unknown; details?: ApiError['details'] };
    const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error.message);
    return body(status, message, r.details);
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return body(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unavailable, try again shortly');
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
}
