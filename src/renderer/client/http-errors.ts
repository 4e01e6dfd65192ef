import type { ErrorBody, ErrorCode } from '../../shared/api/errors';
import { ERROR_CODES, GantryError, HTTP_STATUS } from '../../shared/api/errors';

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  ERROR_CODES.map((code) => [HTTP_STATUS[code], code] as const),
);

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}

/** The code for an HTTP status that came without a readable error body. */
export function codeForStatus(status: number): ErrorCode {
  const exact = CODE_BY_STATUS.get(status);
  if (exact !== undefined) return exact;
  if (status >= 500) return 'internal';
  return 'invalid_input';
}

/**
 * A `GantryError` from a failed response: the body's `{"error": {code, message}}` when it has
 * one, otherwise a code from the status. `Retry-After` fills `retryAfterS`.
 */
export async function errorFromResponse(response: Response): Promise<GantryError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const wrapped =
    typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const retryHeader = Number(response.headers.get('retry-after'));
  const retryAfterS = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;

  if (isErrorBody(wrapped)) {
    const error = GantryError.fromBody(wrapped);
    if (error.extra.retryAfterS === undefined && retryAfterS !== undefined) {
      return new GantryError(error.code, error.message, { field: error.extra.field, retryAfterS });
    }
    return error;
  }
  const code = codeForStatus(response.status);
  return new GantryError(code, `HTTP ${response.status} ${response.statusText}`.trim(), {
    retryAfterS,
  });
}

/** A thrown fetch (refused connection, aborted) as `unavailable`, keeping the cause. */
export function errorFromNetwork(method: string, cause: unknown): GantryError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new GantryError('unavailable', `${method}: the engine did not answer (${detail})`, {
    cause,
  });
}
