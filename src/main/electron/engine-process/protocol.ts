import type { MethodName } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/errors';
import type { GantryEvent } from '../../../shared/events';
import type { Snapshot } from '../../../shared/snapshot';
import type { LogLevel } from '../../log/logger';

// Messages between the desktop app's main process and the engine's own process. Values are
// structured-cloned, so they are plain data only.

/** Main → engine process. */
export type ToEngine =
  | {
      type: 'start';
      /** Settings flags, environment and working directory, as `loadSettings` takes them. */
      argv: string[];
      env: Record<string, string | undefined>;
      cwd: string;
    }
  /** `input` was validated in main; the engine process calls the handler with it as is. */
  | { type: 'call'; id: number; method: MethodName; input: unknown }
  | { type: 'stop' };

/** Engine process → main. */
export type FromEngine =
  | { type: 'started'; apiUrl: string | undefined; data: string; logLevel: LogLevel }
  /** Start failed: settings invalid, data directory unusable... `message` is for the user. */
  | { type: 'fatal'; message: string; config: boolean }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'event'; event: GantryEvent }
  | { type: 'stopped' };

/** A message port in either direction (Electron's `parentPort`, a child's IPC, a fake). */
export interface MessagePortLike<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
