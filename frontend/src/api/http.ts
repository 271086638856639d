import type { ApiError } from '@marhaba/shared';

/** An answer from the API that is not a success, with the server's explanation. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

interface HttpSession {
  token: () => string | null;
  /** Called on a 401 to a signed-in request: the token expired or was revoked. */
  onUnauthorized: () => void;
}

let session: HttpSession = { token: () => null, onUnauthorized: () => {} };

export function configureHttp(next: HttpSession): void {
  session = next;
}

type Query = Record<string, string | number | undefined | null>;

/** The one place the console speaks HTTP: JSON in, JSON out, the bearer token in a header (never in the URL). */
export async function request<T>(method: string, path: string, options: { body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const url = params.size > 0 ? `${path}?${params}` : path;
  const token = session.token();
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new HttpError(0, { statusCode: 0, error: 'Network Error', message: (error as Error).message });
  }
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    if (response.status === 401 && token) session.onUnauthorized();
    throw new HttpError(response.status, (body as ApiError | null) ?? { statusCode: response.status, error: response.statusText, message: response.statusText });
  }
  return body as T;
}
