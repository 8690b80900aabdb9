/** JSON errors for every 4xx/5xx: `{error: {code, message}}`, never a stack trace. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { StoreError } from '../store/store.js';
import { AnalysisInputError, PoolBusyError, PoolTimeoutError } from './pool.js';
import { UrlFetchError } from './url-fetch.js';

/** An error the API answers with a given status and code. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'timeout',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  503: 'unavailable',
  504: 'timeout',
};

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** Any thrown error as an API error; unknown errors are logged here and answered without details. */
export function toApiError(err: unknown, log: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof PoolBusyError) return new ApiError(503, 'busy', err.message, { 'Retry-After': String(err.retryAfterSeconds) });
  if (err instanceof PoolTimeoutError) return new ApiError(503, 'analysis-timeout', err.message, { 'Retry-After': '5' });
  if (err instanceof AnalysisInputError) return new ApiError(422, err.code, err.message);
  if (err instanceof UrlFetchError) {
    const status = err.code === 'private-address' || err.code === 'invalid-url' ? 400 : err.code === 'timeout' ? 504 : 502;
    return new ApiError(status, err.code, err.message);
  }
  if (err instanceof StoreError) {
    if (err.code === 'bad-query') return new ApiError(400, 'bad-query', err.message);
    if (err.code === 'read-only') return new ApiError(403, 'read-only', err.message);
    log(`saksi serve: store error: ${err.message}`);
    return new ApiError(500, 'store-error', 'the store could not answer');
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (err.cause === 'timeout') return new ApiError(status, 'timeout', err.message, { 'Retry-After': '5' });
    const message = status === 400 && /JSON/i.test(err.message) ? 'the body is not valid JSON' : err.message || 'request refused';
    return new ApiError(status, STATUS_CODES[status] ?? (status >= 500 ? 'error' : 'bad-request'), message);
  }
  log(`saksi serve: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return new ApiError(500, 'internal', 'internal error; the server log has the details');
}

export function sendError(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(err.code, err.message), err.status);
}
