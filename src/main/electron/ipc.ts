import type { z } from 'zod';
import type { MethodName } from '../../shared/api/contract';
import { METHOD_NAMES } from '../../shared/api/contract';
import type { DesktopMethodName } from '../../shared/api/contract/desktop';
import { desktopContract } from '../../shared/api/contract/desktop';
import type { Result } from '../../shared/api/errors';
import { GantryError } from '../../shared/api/errors';
import { fromZodError, toErrorBody } from '../api/errors';
import type { Logger } from '../log/logger';
import type { Invoke } from './invoke';

/** The part of Electron's `ipcMain` registration uses; tests pass a fake. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

type DesktopContract = typeof desktopContract;

/** The desktop app's own channels: one function each, given the validated input. */
export type DesktopHandlers = {
  [M in DesktopMethodName]: (
    input: z.output<DesktopContract[M]['input']>,
  ) => Promise<DesktopContract[M]['output']>;
};

export interface IpcRegistration<E> {
  ipc: IpcMainLike<E>;
  /** True when the message came from our window's main frame showing our renderer. */
  isTrustedSender(event: E): boolean;
  /** Reaches the engine (validating there), with the desktop's overrides applied. */
  invoke: Invoke;
  desktop: DesktopHandlers;
  logger: Logger;
}

/**
 * Registers one `ipcMain.handle` per channel of the contract and of the desktop contract.
 * Every call is checked and answered the same way: a foreign sender gets `forbidden`; then
 * the input is validated (`invalid_input` naming the field), a handler's `GantryError` keeps
 * its code, anything else is logged with its cause and answered `internal`. Nothing throws
 * across IPC.
 * Answers a disposer that removes the handlers.
 */
export function registerIpcHandlers<E>(registration: IpcRegistration<E>): () => void {
  const { ipc, logger } = registration;
  const channels: string[] = [];

  for (const method of METHOD_NAMES) {
    ipc.handle(method, async (event, input) => {
      const refused = refuse(registration, event, method);
      if (refused !== undefined) return refused;
      try {
        return await registration.invoke(method, input);
      } catch (error) {
        // `Invoke` answers failures as results; this is the net under a broken one.
        return { ok: false, error: toErrorBody(error, logger.child('ipc', { method })) };
      }
    });
    channels.push(method);
  }

  for (const method of Object.keys(desktopContract) as DesktopMethodName[]) {
    ipc.handle(method, async (event, input) => {
      const refused = refuse(registration, event, method);
      if (refused !== undefined) return refused;
      return invokeDesktop(registration.desktop, method, input, logger.child('ipc', { method }));
    });
    channels.push(method);
  }

  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}

function refuse<E>(
  registration: IpcRegistration<E>,
  event: E,
  method: MethodName | DesktopMethodName,
): Result<never> | undefined {
  let trusted = false;
  try {
    trusted = registration.isTrustedSender(event);
  } catch (error) {
    registration.logger.error('sender check failed', { method, error });
  }
  if (trusted) return undefined;
  registration.logger.warn('refused an IPC call from a foreign frame', { method });
  return {
    ok: false,
    error: new GantryError('forbidden', 'this frame may not call gantry').toBody(),
  };
}

async function invokeDesktop<M extends DesktopMethodName>(
  desktop: DesktopHandlers,
  method: M,
  raw: unknown,
  logger: Logger,
): Promise<Result<DesktopContract[M]['output']>> {
  try {
    const parsed = desktopContract[method].input.safeParse(raw);
    if (!parsed.success) throw fromZodError(parsed.error);
    const handler: DesktopHandlers[M] = desktop[method];
    // Channel M's schema produced the value; TypeScript cannot correlate the two lookups.
    return { ok: true, value: await handler(parsed.data as z.output<DesktopContract[M]['input']>) };
  } catch (error) {
    return { ok: false, error: toErrorBody(error, logger) };
  }
}
