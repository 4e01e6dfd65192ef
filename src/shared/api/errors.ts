/** The closed list of error codes that cross IPC and HTTP. UIs branch on these, never on text. */
export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'queue_full',
  'unavailable',
  'timeout',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status for each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  queue_full: 429,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** The wire form of an error: `{"error": {code, message, field?}}` over HTTP. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** The input field at fault, for `invalid_input`. */
  field?: string;
  /** Seconds to wait, for `queue_full`. */
  retryAfterS?: number;
}

/** An expected failure with a code. Throw it from handlers; anything else is `internal`. */
export class GantryError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; retryAfterS?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'GantryError';
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.extra.field !== undefined) body.field = this.extra.field;
    if (this.extra.retryAfterS !== undefined) body.retryAfterS = this.extra.retryAfterS;
    return body;
  }

  static fromBody(body: ErrorBody): GantryError {
    return new GantryError(body.code, body.message, { field: body.field, retryAfterS: body.retryAfterS });
  }
}

/** What an IPC or RPC call answers. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };
