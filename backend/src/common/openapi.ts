import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** The OpenAPI description of a request body, derived from its contract schema so the two cannot drift. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return json;
}

/**
 * Documents the query string (`'query'`) or the path parameters (`'path'`) a route validates with
 * `new ZodPipe(schema)`, one parameter per key of the contract schema: Swagger cannot see through the pipe.
 */
export function ApiParametersFrom(location: 'query' | 'path', schema: z.ZodType): MethodDecorator {
  const json = openApiSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) => {
      const required = json.required?.includes(name) ?? false;
      return location === 'query' ? ApiQuery({ name, required, schema: property }) : ApiParam({ name, required, schema: property });
    }),
  );
}
