import type { Handlers } from '../../shared/api/contract';
import type { GantryEvent } from '../../shared/events';
import type { Settings } from '../../shared/settings';
import type { Snapshot } from '../../shared/snapshot';
import type { Task, TaskError, TaskSpec } from '../../shared/tasks';
import type { Leased } from '../queue/store';

/**
 * The engine as its hosts see it: the Electron main process, the headless server and the
 * tests. It imports nothing from electron.
 */
export interface Engine {
  readonly settings: Settings;
  /** One handler per contract channel; IPC and `POST /api/{method}` both call these. */
  readonly handlers: Handlers;

  /** Opens the journal, adopts or cleans leftover workers, starts the loops. */
  start(): Promise<void>;
  /** Stops in order: traffic, autoscaler, dispatcher (drains), workers, queue flush. */
  stop(): Promise<void>;

  /** Pull mode (`/dequeue-task`, `/tasks/{id}/complete|fail`). */
  readonly pull: {
    /** Leases the oldest due task to an external worker; undefined when none is due. */
    dequeue(leaseMs?: number): Promise<Leased | undefined>;
    /** Throws `GantryError('conflict')` for a stale lease, `not_found` for an unknown id. */
    complete(id: string, lease: string, result: unknown): Promise<Task>;
    fail(id: string, lease: string, error: TaskError, retryable: boolean): Promise<Task>;
  };

  /** Submits one task and resolves when it reaches a final state (`POST /dispatch-task`). */
  dispatchAndWait(spec: TaskSpec, signal: AbortSignal): Promise<Task>;

  /** The latest state; also pushed, coalesced to a few per second, to `onSnapshot`. */
  snapshot(): Snapshot;
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  /** Each new event as it happens (the timeline and the event log). */
  onEvent(listener: (event: GantryEvent) => void): () => void;
  /** Prometheus text exposition (prom-client). */
  metricsText(): Promise<string>;
}
