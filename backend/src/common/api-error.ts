import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { ApiError, ApiErrorCode, ImportResult } from '@marhaba/shared';
import { isDatabaseUnavailable } from './pg-errors.js';

const logger = new Logger('Errors');

/** The code a status stands for when the rule that refused did not name a closer one. */
const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The response of an HttpException that names a closer code than its status (see API_ERROR_CODES):
 * `new ConflictException(refusal('stale_version', '...'))`.
 */
export function refusal(code: ApiErrorCode, message: string, details?: ApiError['details'], result?: ImportResult): { code: ApiErrorCode; message: string; details?: ApiError['details']; result?: ImportResult } {
  return { code, message, ...(details ? { details } : {}), ...(result ? { result } : {}) };
}

function body(statusCode: number, message: string, details?: ApiError['details'], code?: ApiErrorCode, result?: ImportResult): ApiError {
  const error = STATUS_CODES[statusCode] ?? 'Error';
  return { statusCode, error, code: code ?? CODE_BY_STATUS[statusCode] ?? (statusCode < 500 ? 'invalid_input' : 'internal'), message, ...(details ? { details } : {}), ...result };
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
    const r = response as { message?: unknown; details?: ApiError['details']; code?: ApiErrorCode; result?: ImportResult };
    const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error.message);
    return body(status, message, r.details, r.code, r.result);
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return body(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unavailable, try again shortly');
  }
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
}
