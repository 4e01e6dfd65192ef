import type { GantryEvent } from '../../../shared/events';
import { Listeners } from '../../../shared/listeners';
import type { Snapshot } from '../../../shared/snapshot';
import type { Logger } from '../../log/logger';
import type { Invoke } from '../invoke';
import type { StopOutcome } from '../shutdown';
import { stopWithin } from '../shutdown';
import type { EngineChild, EngineStarted } from './client';
import { EngineProcessClient, notRunning } from './client';
import type { ToEngine } from './protocol';

export interface SupervisorOptions {
  /** Starts a new engine process. */
  spawn: () => EngineChild;
  start: Omit<Extract<ToEngine, { type: 'start' }>, 'type'>;
  logger: Logger;
  /** Restarts allowed within `restartWindowMs` before giving up (default 3 in 60 s). */
  maxRestarts?: number;
  restartWindowMs?: number;
  now?: () => number;
}

/**
 * Owns the engine process for the app: starts it, restarts it when it dies unexpectedly
 * (the journal makes that safe: leased tasks return to the queue), and gives up after too
 * many crashes in a row, telling `onGiveUp`. Calls and push subscriptions stay valid across
 * restarts; calls wait while a process starts and answer `unavailable` once it is gone.
 */
export class EngineSupervisor {
  private client: EngineProcessClient | undefined;
  private readonly restarts: number[] = [];
  private readonly snapshots = new Listeners<Snapshot>();
  private readonly events = new Listeners<GantryEvent>();
  private readonly giveUps = new Listeners<string>();
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts the first engine process; rejects with its `EngineStartError`. */
  start(): Promise<EngineStarted> {
    return this.launch();
  }

  readonly invoke: Invoke = (method, raw) =>
    this.client === undefined ? Promise.resolve(notRunning()) : this.client.invoke(method, raw);

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    return this.snapshots.add(listener);
  }

  onEvent(listener: (event: GantryEvent) => void): () => void {
    return this.events.add(listener);
  }

  /** Called once the engine crashed too often to restart again. */
  onGiveUp(listener: (reason: string) => void): () => void {
    return this.giveUps.add(listener);
  }

  /** Stops the engine in order; kills the process when that takes longer than `timeoutMs`. */
  async stop(timeoutMs: number): Promise<StopOutcome> {
    this.stopping = true;
    const client = this.client;
    if (client === undefined) return 'stopped';
    const outcome = await stopWithin(() => client.stop(), timeoutMs, this.options.logger);
    if (outcome !== 'stopped') client.kill();
    return outcome;
  }

  private launch(): Promise<EngineStarted> {
    const client = new EngineProcessClient(this.options.spawn(), this.options.start);
    this.client = client;
    client.onSnapshot((snapshot) => this.snapshots.emit(snapshot));
    client.onEvent((event) => this.events.emit(event));
    client.started.then(
      () => client.onExit((code) => this.exited(client, code)),
      () => {},
    );
    return client.started;
  }

  private exited(client: EngineProcessClient, code: number): void {
    if (this.client === client) this.client = undefined;
    if (this.stopping || client.stopping) return;
    const log = this.options.logger;
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    const recent = this.restarts.filter((at) => at > now - windowMs);
    this.restarts.splice(0, this.restarts.length, ...recent);
    if (recent.length >= (this.options.maxRestarts ?? 3)) {
      const times = recent.length + 1;
      const reason = `the engine process exited (code ${code}) ${times} times within ${windowMs / 1000} s`;
      log.error('engine process keeps exiting; not restarting it', { code });
      this.giveUps.emit(reason);
      return;
    }
    this.restarts.push(now);
    log.warn('engine process exited; restarting it', { code, restarts: this.restarts.length });
    this.launch().catch((error: unknown) => {
      log.error('engine process failed to restart', { error });
      this.giveUps.emit(String(error));
    });
  }
}
