import { ConflictException } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { refusal } from './api-error.js';

/** Instants compare by their millisecond value, whatever their textual form or offset. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : ms;
  }
  return value ?? null;
}

/** Names the fields in which a resent record differs from the stored one (client UUID reused). */
export function differingFields(stored: Record<string, unknown>, incoming: Record<string, unknown>): string[] {
  return Object.keys(incoming).filter((key) => !isDeepStrictEqual(normalise(stored[key]), normalise(incoming[key])));
}

/**
 * The idempotency rule: the same id with the same content is a duplicate (fine, nothing changes);
 * the same id with other content is a 409.
 */
export function assertSameContent(label: string, stored: Record<string, unknown>, incoming: Record<string, unknown>): void {
  const fields = differingFields(stored, incoming);
  if (fields.length > 0) {
    throw new ConflictException(refusal('already_recorded', `${label} was already recorded with other content (${fields.join(', ')})`));
  }
}
