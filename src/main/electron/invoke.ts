import type { Handlers, MethodName, Output } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { invokeMethod } from '../api/rpc';
import type { Logger } from '../log/logger';

/**
 * Calls a contract channel with an unvalidated input and answers a `Result`, never throwing.
 * Wherever the engine runs (this process or its own), its side validates and calls the
 * handler through `invokeMethod`, the one path every request takes.
 */
export type Invoke = <M extends MethodName>(method: M, raw: unknown) => Promise<Result<Output<M>>>;

/** Channels the desktop app answers differently (native dialogs), by name. */
export type Overrides = { [M in MethodName]?: (raw: unknown) => Promise<Result<Output<M>>> };

/** The engine in this process: the engine process's side, tests and the benchmark. */
export function inProcessInvoke(handlers: Handlers, logger: Logger): Invoke {
  return (method, raw) => invokeMethod(handlers, method, raw, logger.child('ipc', { method }));
}

/** `invoke`, except for the channels `overrides` answers. */
export function withOverrides(invoke: Invoke, overrides: Overrides): Invoke {
  return (method, raw) => {
    const override = overrides[method];
    return override === undefined ? invoke(method, raw) : override(raw);
  };
}
