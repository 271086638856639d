import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { toApiError } from './api-error.js';
import { TooManyRequestsException } from './rate-limits.js';

/** Every HTTP error leaves as `{statusCode, error, message, details?}`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = toApiError(exception);
    if (error.statusCode === 503) response.setHeader('Retry-After', '5');
    if (exception instanceof TooManyRequestsException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(error.statusCode).json(error);
  }
}
