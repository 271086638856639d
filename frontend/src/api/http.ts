import { API_ERROR_CODES, type ApiError, type ApiErrorCode } from '@marhaba/shared';

/**
 * The code of a refusal that does not name one the console knows (a proxy's page, a newer server): the
 * one its status stands for, so that every refusal can be put in words.
 */
export function fallbackCode(status: number): ApiErrorCode {
  if (status === 0 || status >= 500) return 'unavailable';
  return ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' } as const)[status] ?? 'invalid_input';
}

const isKnownCode = (code: unknown): code is ApiErrorCode => (API_ERROR_CODES as readonly unknown[]).includes(code);

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
  /** A token that is not about to expire, or null when signed out. */
  token: () => Promise<string | null>;
  /** Asks for a new token after a 401; true when one came. */
  renew: () => Promise<boolean>;
  /** Called on a 401 that a new token did not cure: the session was revoked or is over. */
  onUnauthorized: () => void;
}

let session: HttpSession = { token: async () => null, renew: async () => false, onUnauthorized: () => {} };

export function configureHttp(next: HttpSession): void {
  session = next;
}

export type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** This token (null: none) instead of the session's; a 401 is then the answer itself (sign-in, refresh, sign-out). */
  bearer?: string | null;
}

/** The one place the console speaks HTTP: the bearer token in a header (never in the URL), errors as HttpError. */
async function send(method: string, path: string, accept: string, options: RequestOptions, renewed = false): Promise<Response> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const url = params.size > 0 ? `${path}?${params}` : path;
  const own = options.bearer === undefined;
  const token = own ? await session.token() : options.bearer;
  const isForm = options.body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      // A FormData body (a file upload) sets its own multipart content type, boundary included.
      headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}) },
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new HttpError(0, { statusCode: 0, error: 'Network Error', code: fallbackCode(0), message: (error as Error).message });
  }
  if (!response.ok) {
    if (response.status === 401 && token && own) {
      if (!renewed && (await session.renew())) return send(method, path, accept, options, true);
      session.onUnauthorized();
    }
    const text = await response.text();
    let body: ApiError | null = null;
    try {
      body = text ? (JSON.parse(text) as ApiError) : null;
    } catch {
      // A proxy's HTML error page: the status says enough.
    }
    const refusal = body ?? { statusCode: response.status, error: response.statusText, code: fallbackCode(response.status), message: response.statusText };
    throw new HttpError(response.status, isKnownCode(refusal.code) ? refusal : { ...refusal, code: fallbackCode(response.status) });
  }
  return response;
}

/** JSON in, JSON out. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const text = await (await send(method, path, 'application/json', options)).text();
  return (text ? JSON.parse(text) : null) as T;
}

export interface DownloadedFile {
  blob: Blob;
  /** The name the server gave in `Content-Disposition`, else `fallbackName`. */
  filename: string;
}

/** A file from the API, fetched with the token in a header, so that no link ever carries the token. */
export async function fetchFile(path: string, fallbackName: string, options: RequestOptions = {}): Promise<DownloadedFile> {
  const response = await send('GET', path, '*/*', options);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), filename };
}
