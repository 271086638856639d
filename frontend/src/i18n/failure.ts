import { ZodError } from 'zod';
import type { ApiErrorCode } from '@marhaba/shared';
import { HttpError } from '../api/http';

/**
 * Something that went wrong, as the screen words it: a code it translates (`errors.<code>`), and the
 * original text (the server's, in English) shown beside it as the detail.
 */
export interface Failure {
  code: ApiErrorCode;
  detail: string;
}

/** The failure behind an error: the server's code for a refusal; invalid input for a form the contract refuses. */
export function failureOf(error: unknown): Failure {
  if (error instanceof HttpError) return { code: error.body.code, detail: error.body.message };
  if (error instanceof ZodError) return { code: 'invalid_input', detail: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { code: 'internal', detail: error instanceof Error ? error.message : String(error) };
}
