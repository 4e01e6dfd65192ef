import type { Task, TaskSpec } from '../../shared/tasks';

/**
 * Where generated tasks go: the engine in-process, or a gantry API over HTTP.
 * `dispatch` resolves with the task in its final state (it carries createdAt, startedAt and
 * finishedAt) and rejects with a `GantryError`: `queue_full` (with `retryAfterS`) when the
 * queue refused it, `unauthorized`, `unavailable` and the like when no task can get through.
 * Aborting `signal` abandons the wait, not the task.
 */
export interface TrafficTarget {
  dispatch(spec: TaskSpec, signal: AbortSignal): Promise<Task>;
}
