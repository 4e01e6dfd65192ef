import type { Task, TaskCounts, TaskError, TaskSpec, TaskState } from '../../shared/tasks';

/** A task handed to a worker: the lease token names the task and its attempt. */
export interface Leased {
  task: Task;
  /**
   * Opaque (`<task id>.<attempt>.<nonce>`); a completion, failure or release must present the
   * token of the current lease. Tokens are unguessable, so pull-mode workers can hold them.
   */
  lease: string;
  /** Epoch ms after which the lease expires and the task returns to `queued`. */
  expiresAt: number;
}

/** How an attempt ended badly. */
export interface FailOutcome {
  error: TaskError;
  /** False for permanent failures: the task goes straight to `dead`. */
  retryable: boolean;
  /** Delay before the retry becomes due (from the backoff); ignored when not retried. */
  retryDelayMs: number;
}

/** Defaults the store applies to specs that omit them. */
export interface SpecDefaults {
  maxAttempts: number;
  timeoutMs: number;
}

export interface ListQuery {
  state?: TaskState;
  limit: number;
  cursor?: string;
}

/**
 * Why a lease-holder's report was refused: `unknown_task` (no such task, or no longer kept),
 * `stale_lease` (the token is of an earlier lease, or not a token at all), `not_running` (the
 * token is current but the task moved on: canceled, or its lease expired).
 */
export type StaleReason = 'unknown_task' | 'stale_lease' | 'not_running';

/**
 * The queue's storage. Every mutating call resolves only once its effect is durable at the
 * store's durability setting (the journal store group-commits concurrent calls into one
 * fsync). Times are passed in (`now`, epoch ms) so tests and the simulator control them.
 *
 * Every implementation must pass `test/queue/store-conformance.ts`.
 */
export interface QueueStore {
  /**
   * Accepts specs in order; a spec whose idempotency key is known (also earlier in the same
   * call) returns the earlier task. Answers the tasks as they are right after the change.
   */
  enqueue(specs: TaskSpec[], defaults: SpecDefaults, now: number): Promise<Task[]>;
  /**
   * Leases the task at the head of the queue (scheduled tasks whose `runAt` passed become
   * queued first, in `runAt` order), counting one attempt. `leaseMs` past now it expires.
   * Undefined when nothing is due. Queue order is the order tasks became queued, except that
   * released tasks and tasks whose lease was lost go back to the head.
   */
  lease(workerId: string | undefined, leaseMs: number, now: number): Promise<Leased | undefined>;
  /** Records success of the attempt the lease names. */
  complete(lease: string, result: unknown, now: number): Promise<Task | StaleReason>;
  /** Records a failed attempt: retried later, or `dead`. */
  fail(lease: string, outcome: FailOutcome, now: number): Promise<Task | StaleReason>;
  /** Gives the task back without using an attempt (worker busy: 429/503). */
  release(lease: string, now: number): Promise<Task | StaleReason>;
  /**
   * Returns running tasks whose lease expired to `queued` (or `dead` without attempts left),
   * with an error of kind `lease_expired`. Answers every task it changed.
   */
  expireLeases(now: number): Promise<Task[]>;
  /**
   * Scheduled, queued or running → `canceled` (a late report of a running one is refused).
   * Undefined for an unknown id; a finished task is answered unchanged.
   */
  cancel(id: string, now: number): Promise<Task | undefined>;
  /**
   * Dead or canceled → `queued` with a fresh attempt budget (attempt 0). Undefined for an
   * unknown id; a task in another state is answered unchanged.
   */
  retry(id: string, now: number): Promise<Task | undefined>;
  /** Cancels every scheduled and queued task; answers how many. */
  purge(now: number): Promise<number>;
  /**
   * One task. Finished tasks are kept up to a retention limit (by default the last 10,000 and
   * at most 24 h), then forgotten, idempotency key included.
   */
  get(id: string): Task | undefined;
  /**
   * Newest first. `nextCursor` is opaque and present while more follow; a cursor this store
   * did not issue throws `GantryError('invalid_input')`.
   */
  list(query: ListQuery): { tasks: Task[]; nextCursor?: string };
  /**
   * Tasks by state. A due scheduled task is counted as scheduled until the next change made
   * at or after its `runAt` (any mutating call) moves it to queued.
   */
  counts(): TaskCounts;
  /** Epoch ms of the next scheduled `runAt` or retry, if any (lets the dispatcher sleep). */
  nextDueAt(): number | undefined;
  /** Age of the oldest queued task in ms at `now` (0 when none). */
  oldestQueuedAgeMs(now: number): number;
  /** Flushes and releases files. */
  close(): Promise<void>;
}
