import type { Settings } from '../../shared/settings';
import type { RuntimeKind, WorkerStatsSample } from '../../shared/workers';

/** What the pool asks a runtime to start. */
export interface WorkerLaunch {
  workerId: string;
  /** Task slots (the worker's `CONCURRENCY`). */
  concurrency: number;
  /** Extra environment for the worker. */
  env: Record<string, string>;
}

/** A started worker: enough to reach it, stop it and show it. */
export interface WorkerHandle {
  workerId: string;
  runtime: RuntimeKind;
  /** Container id or pid, as text. */
  ref: string;
  image: string;
  /** `127.0.0.1:PORT`. */
  address: string;
  startedAt: number;
}

/** How a worker ended without being asked to. */
export interface WorkerExit {
  workerId: string;
  /** e.g. `exited with code 1`, `killed (SIGKILL)`, `out of memory`. */
  reason: string;
  exitCode?: number;
}

/**
 * Starts and stops workers. The pool owns health checks, draining and the count; a runtime
 * only makes processes or containers exist or not.
 */
export interface Runtime {
  readonly kind: RuntimeKind;
  /** Checks the runtime can start workers now; throws a `GantryError('unavailable')` if not. */
  probe(): Promise<string>;
  /** Starts one worker and resolves once its address is known (not yet healthy). */
  start(launch: WorkerLaunch): Promise<WorkerHandle>;
  /** Stops a worker: SIGTERM, then kill after `graceMs`; removes what it leaves behind. */
  stop(handle: WorkerHandle, graceMs: number): Promise<void>;
  /** Workers of this gantry instance that survived a restart (containers to adopt). */
  adoptable(): Promise<WorkerHandle[]>;
  /** Removes leftovers this instance owns but no longer wants (orphans of a crash). */
  cleanup(keep: ReadonlySet<string>): Promise<void>;
  /** Called when a worker dies on its own. Returns an unsubscribe function. */
  onExit(listener: (exit: WorkerExit) => void): () => void;
  /** One resource sample, or undefined when the runtime cannot tell. */
  stats(handle: WorkerHandle): Promise<WorkerStatsSample | undefined>;
  /** The last lines of the worker's output. */
  logs(handle: WorkerHandle, lines: number): Promise<string>;
  /** Applies changed settings (image, limits, work time) to the workers started from now on. */
  setSettings?(settings: Settings): void;
  /** Stops watching; leaves workers running (the pool stops them first on shutdown). */
  dispose(): Promise<void>;
}
