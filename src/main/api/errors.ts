import { ZodError } from 'zod';
import type { ErrorBody } from '../../shared/api/errors';
import { GantryError, HTTP_STATUS } from '../../shared/api/errors';
import { SettingsError } from '../../shared/settings';
import type { Logger } from '../log/logger';

type PathKey = PropertyKey;

/**
 * A zod issue path as users read it: `[3].maxAttempts`, `docker.memory`. Empty for the
 * whole input.
 */
export function formatIssuePath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** The first issue of a zod error as an `invalid_input` error naming its field. */
export function fromZodError(error: ZodError, prefix: readonly PathKey[] = []): GantryError {
  const issue = error.issues[0];
  if (issue === undefined) return new GantryError('invalid_input', 'invalid input');
  const field = formatIssuePath([...prefix, ...issue.path]);
  const message = field === '' ? issue.message : `${field}: ${issue.message}`;
  return new GantryError('invalid_input', message, field === '' ? {} : { field });
}

/**
 * Any thrown value as the wire form. Expected failures keep their code; anything else is
 * logged with its cause and answered as `internal` without details (they may hold paths or
 * secrets).
 */
export function toErrorBody(error: unknown, logger: Logger): ErrorBody {
  if (error instanceof GantryError) return error.toBody();
  if (error instanceof SettingsError) {
    return { code: 'invalid_input', message: error.message, field: error.field };
  }
  if (error instanceof ZodError) return fromZodError(error).toBody();
  const stack = error instanceof Error ? error.stack : undefined;
  logger.error('request failed', { error, stack });
  return { code: 'internal', message: 'internal error (see the log)' };
}

/** HTTP status of an error body. */
export function statusOf(body: ErrorBody): number {
  return HTTP_STATUS[body.code];
}
