import type { QueueStore, SpecDefaults } from '../../src/main/queue/store';
import type { Retention } from '../../src/main/queue/task-table';
import type { Task, TaskSpec } from '../../src/shared/tasks';

/** Builds a fresh, empty store; each test gets its own and closes it. */
export type StoreFactory = (options: { retention?: Retention }) => Promise<QueueStore>;

export const DEFAULTS: SpecDefaults = { maxAttempts: 3, timeoutMs: 5_000 };

/** A base time far from zero, so `now - x` never goes negative by accident. */
export const T0 = 1_700_000_000_000;

export async function enqueueOne(
  store: QueueStore,
  spec: TaskSpec,
  now = T0,
  defaults: SpecDefaults = DEFAULTS,
): Promise<Task> {
  const [task] = await store.enqueue([spec], defaults, now);
  if (!task) throw new Error('enqueue answered no task');
  return task;
}

/** Every task, newest first, read through the paging API. */
export function allTasks(store: QueueStore): Task[] {
  const out: Task[] = [];
  let cursor: string | undefined;
  do {
    const page = store.list({ limit: 100, cursor });
    out.push(...page.tasks);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** What a store shows from outside, for comparing two stores or one across a reopen. */
export function observable(store: QueueStore, now: number): unknown {
  return {
    counts: store.counts(),
    tasks: allTasks(store),
    nextDueAt: store.nextDueAt(),
    oldestQueuedAgeMs: store.oldestQueuedAgeMs(now),
  };
}

/** Leases everything leasable at `now` and answers the ids in lease order. */
export async function drainOrder(store: QueueStore, now: number): Promise<string[]> {
  const ids: string[] = [];
  for (let l = await store.lease('w', 60_000, now); l; l = await store.lease('w', 60_000, now)) {
    ids.push(l.task.id);
  }
  return ids;
}
