import type { ApiError, AuthUser } from '@marhaba/shared';

/** Where a refusal happened: `target` is `METHOD /path` over HTTP, the event name over the socket. */
export interface RefusalContext {
  channel: 'http' | 'socket';
  target: string;
  user: AuthUser | null;
  address: string | null;
}

/**
 * What records refused access (401, 403). Declared here, provided by the audit module under
 * ACCESS_REFUSALS: the exception filter (common) must not import a module.
 */
export interface AccessRefusals {
  accessRefused(exception: unknown, answer: ApiError, context: RefusalContext): void;
}

export const ACCESS_REFUSALS = Symbol('ACCESS_REFUSALS');
