import type { Handlers, MethodName, Output, ParsedInput } from '../../shared/api/contract';
import { contract } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import type { Logger } from '../log/logger';
import { fromZodError, toErrorBody } from './errors';

const METHODS: ReadonlySet<string> = new Set(Object.keys(contract));

/** True when `name` is a contract channel (`queue.enqueue`, `tasks.get`...). */
export function isMethodName(name: string): name is MethodName {
  return METHODS.has(name);
}

/**
 * Validates `raw` with the channel's schema and calls its handler. Never throws: every
 * failure is a `{ok: false, error}` with a code. This is the one way a request from outside
 * (the HTTP bridge `POST /api/{method}`, an IPC invoke) reaches an engine handler.
 */
export async function invokeMethod<M extends MethodName>(
  handlers: Handlers,
  method: M,
  raw: unknown,
  logger: Logger,
): Promise<Result<Output<M>>> {
  try {
    return { ok: true, value: await callHandler(handlers, method, raw) };
  } catch (error) {
    return { ok: false, error: toErrorBody(error, logger) };
  }
}

async function callHandler<M extends MethodName>(
  handlers: Handlers,
  method: M,
  raw: unknown,
): Promise<Output<M>> {
  const parsed = contract[method].input.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  const handler: Handlers[M] = handlers[method];
  // The schema of channel M produced this value, so it is M's parsed input; TypeScript
  // cannot correlate the two lookups of the same generic key, hence the one assertion.
  return handler(parsed.data as ParsedInput<M>);
}
