import type { MethodName, Output } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/errors';
import { GantryError } from '../../../shared/api/errors';
import type { GantryEvent } from '../../../shared/events';
import { Listeners } from '../../../shared/listeners';
import type { Snapshot } from '../../../shared/snapshot';
import type { LogLevel } from '../../log/logger';
import type { Invoke } from '../invoke';
import type { FromEngine, ToEngine } from './protocol';

/** The engine process as main sees it: Electron's `UtilityProcess`, a Node child, a fake. */
export interface EngineChild {
  post(message: ToEngine): void;
  onMessage(listener: (message: FromEngine) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

/** What the engine process reported once it was up. */
export interface EngineStarted {
  apiUrl: string | undefined;
  data: string;
  logLevel: LogLevel;
}

/** Start failed; `config` marks a settings error the user can fix. */
export class EngineStartError extends Error {
  override name = 'EngineStartError';

  constructor(
    message: string,
    readonly config: boolean,
  ) {
    super(message);
  }
}

/**
 * Main's handle on the engine process: the same `Invoke` and push subscriptions as the
 * in-process engine. Calls in flight when the process exits are answered `unavailable`.
 */
export class EngineProcessClient {
  /** Resolves when the engine is up; rejects with `EngineStartError`. */
  readonly started: Promise<EngineStarted>;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly snapshots = new Listeners<Snapshot>();
  private readonly events = new Listeners<GantryEvent>();
  private readonly exits = new Listeners<number>();
  private nextId = 1;
  private exited: number | undefined;
  private stopRequested = false;

  constructor(
    private readonly child: EngineChild,
    start: Omit<Extract<ToEngine, { type: 'start' }>, 'type'>,
  ) {
    const { promise, resolve: markStarted, reject: markFailed } = deferred<EngineStarted>();
    this.started = promise;
    // A start failure nobody awaits must not become an unhandled rejection.
    promise.catch(() => {});
    child.onMessage((message) => {
      switch (message.type) {
        case 'started':
          markStarted({ apiUrl: message.apiUrl, data: message.data, logLevel: message.logLevel });
          return;
        case 'fatal':
          markFailed(new EngineStartError(message.message, message.config));
          return;
        case 'result':
          this.pending.get(message.id)?.(message.result);
          this.pending.delete(message.id);
          return;
        case 'snapshot':
          this.snapshots.emit(message.snapshot);
          return;
        case 'event':
          this.events.emit(message.event);
          return;
        case 'stopped':
          return;
      }
    });
    child.onExit((code) => {
      this.exited = code;
      markFailed(
        new EngineStartError(`the engine process exited (code ${code}) before it started`, false),
      );
      const gone = new GantryError('unavailable', 'the engine process is not running').toBody();
      for (const answer of this.pending.values()) answer({ ok: false, error: gone });
      this.pending.clear();
      this.exits.emit(code);
    });
    child.post({ type: 'start', ...start });
  }

  /**
   * Calls a channel in the engine process (validated there). Calls made while it starts
   * wait for it; after a failed start or an exit they answer `unavailable`.
   */
  readonly invoke: Invoke = <M extends MethodName>(method: M, raw: unknown) => {
    return this.started.then(
      () => {
        if (this.exited !== undefined) return notRunning<Output<M>>();
        const id = this.nextId++;
        return new Promise<Result<Output<M>>>((resolve) => {
          // The engine process answers with channel M's output; it crossed as plain data.
          this.pending.set(id, (result) => resolve(result as Result<Output<M>>));
          this.child.post({ type: 'call', id, method, input: raw });
        });
      },
      () => notRunning<Output<M>>(),
    );
  };

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    return this.snapshots.add(listener);
  }

  onEvent(listener: (event: GantryEvent) => void): () => void {
    return this.events.add(listener);
  }

  /** Called when the process ends, expectedly or not. */
  onExit(listener: (code: number) => void): () => void {
    return this.exits.add(listener);
  }

  /** True once `stop` was asked (an exit after it is expected). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Asks the engine to stop in order and resolves when the process has exited. */
  stop(): Promise<void> {
    this.stopRequested = true;
    if (this.exited !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.onExit(() => resolve());
      this.child.post({ type: 'stop' });
    });
  }

  /** Ends the process at once (after a stop that took too long). */
  kill(): void {
    if (this.exited === undefined) this.child.kill();
  }
}

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  // Assigned synchronously by the Promise constructor below.
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The answer to a call made while no engine process is up. */
export function notRunning<T>(): Result<T> {
  return { ok: false, error: new GantryError('unavailable', 'the engine is not running').toBody() };
}
