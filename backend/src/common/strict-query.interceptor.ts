import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { invalidField } from './zod.js';

/**
 * Unknown fields are refused everywhere, query strings included: a route that reads no query string
 * answers 400 to one (`?siteID=nador` on a route without filters is a mistake, not a filter). Routes that
 * do read it validate it themselves with a strict schema (`@Query(new ZodPipe(schema))`).
 */
@Injectable()
export class StrictQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const [key] = Object.keys(context.switchToHttp().getRequest<Request>().query ?? {});
      if (key !== undefined && !readsQuery(context)) throw invalidField(key, 'unknown query parameter: this route takes none');
    }
    return next.handle();
  }
}

function readsQuery(context: ExecutionContext): boolean {
  const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {};
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.QUERY));
}
