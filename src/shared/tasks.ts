/** Lifecycle of a task. See README "Concepts" for the transitions. */
export type TaskState = 'scheduled' | 'queued' | 'running' | 'succeeded' | 'dead' | 'canceled';

export const TASK_STATES: readonly TaskState[] = [
  'scheduled',
  'queued',
  'running',
  'succeeded',
  'dead',
  'canceled',
];

/** What a client submits. Every field but `payload` is optional. */
export interface TaskSpec {
  /** Any JSON value; limited by the `maxPayload` setting. */
  payload: unknown;
  /** Attempts before the task is `dead` (default from settings, 1..100). */
  maxAttempts?: number;
  /** Deadline of one attempt in ms, measured from its start (default from settings). */
  timeoutMs?: number;
  /** Epoch ms before which the task is not run; the task is `scheduled` until then. */
  runAt?: number;
  /** A second submit with the same key returns the first task's id instead of a new task. */
  idempotencyKey?: string;
}

/** Why an attempt failed, as recorded on the task. */
export interface TaskError {
  /** `timeout`, `http_5xx`, `http_4xx`, `connection`, `worker_lost`, `lease_expired`, `client`. */
  kind: string;
  message: string;
  /** HTTP status of the worker's answer, when there was one. */
  status?: number;
}

/** A task as stored and as `GET /tasks/{id}` answers it. Times are epoch ms. */
export interface Task {
  id: string;
  payload: unknown;
  state: TaskState;
  /** Attempts started so far (0 before the first lease). */
  attempt: number;
  maxAttempts: number;
  timeoutMs: number;
  runAt: number;
  idempotencyKey?: string;
  result?: unknown;
  error?: TaskError;
  /** The worker that ran (or runs) the latest attempt. */
  workerId?: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
}

/** Task counts by state. */
export type TaskCounts = Record<TaskState, number>;

export function emptyCounts(): TaskCounts {
  return { scheduled: 0, queued: 0, running: 0, succeeded: 0, dead: 0, canceled: 0 };
}
