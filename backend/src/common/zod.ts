import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Parses with a contract schema, or throws a 400 naming each bad field (`movements.3.people: …`). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const message = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  throw new BadRequestException({ message, details });
}

/** `@Body(new ZodPipe(schema))`: the request's shape is the shared contract's, unknown keys refused. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value ?? {});
  }
}

/** A 400 about one field, in the same shape as the schema errors: `{message: 'path: why', details: [{path, message}]}`. */
export function invalidField(path: string, message: string): BadRequestException {
  return new BadRequestException({ message: `${path}: ${message}`, details: [{ path, message }] });
}
