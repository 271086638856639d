import { z } from 'zod';

/** The OpenAPI description of a request body, derived from its contract schema so the two cannot drift. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return json;
}
