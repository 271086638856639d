import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '@marhaba/shared';
import type { AccessRefusals } from './access-refusals.js';
import { toApiError } from './api-error.js';
import { TooManyRequestsException } from './rate-limits.js';

/** Every HTTP error leaves as `{statusCode, error, code, message, details?}`; every 401 and 403 is recorded here. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly refusals: AccessRefusals) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const response = host.switchToHttp().getResponse<Response>();
    const error = toApiError(exception);
    this.refusals.accessRefused(exception, error, { channel: 'http', target: `${request.method} ${request.path}`, user: request.user ?? null, address: request.ip ?? null });
    if (error.statusCode === 503) response.setHeader('Retry-After', '5');
    if (exception instanceof TooManyRequestsException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(error.statusCode).json(error);
  }
}
