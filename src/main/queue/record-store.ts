import type { Task, TaskCounts, TaskSpec } from '../../shared/tasks';
import { formatLease, newNonce } from './lease-token';
import type { QueueRecord } from './records';
import type {
  FailOutcome,
  Leased,
  ListQuery,
  QueueStore,
  SpecDefaults,
  StaleReason,
} from './store';
import { copy, isCancelable, type Retention, TaskTable } from './task-table';

/**
 * The `QueueStore` logic common to every store: decide, build a record, `stage` it, apply it
 * to the task table, then commit what was staged. Subclasses decide what that means (nothing
 * in memory, a group-committed journal append on disk). Staging comes first so a record that
 * cannot be written (a payload JSON cannot encode) changes nothing. State changes are visible
 * at once; the promise
 * resolves when the record is durable, so nothing is acknowledged before it is safe.
 */
export abstract class RecordStore implements QueueStore {
  protected readonly table: TaskTable;

  protected constructor(retention?: Retention) {
    this.table = new TaskTable(retention);
  }

  /**
   * Prepares a record before it is applied (may throw, leaving the table untouched); the
   * answer, called right after the apply, makes it durable at the store's setting.
   */
  protected abstract stage(record: QueueRecord): () => Promise<void>;

  abstract close(): Promise<void>;

  async enqueue(specs: TaskSpec[], defaults: SpecDefaults, now: number): Promise<Task[]> {
    const plan = this.table.planEnqueue(
      specs.map((s) => ({
        payload: s.payload,
        maxAttempts: s.maxAttempts ?? defaults.maxAttempts,
        timeoutMs: s.timeoutMs ?? defaults.timeoutMs,
        runAt: s.runAt !== undefined && Number.isFinite(s.runAt) ? s.runAt : undefined,
        idempotencyKey: s.idempotencyKey,
      })),
      now,
    );
    const commit = plan.record ? this.stage(plan.record) : undefined;
    if (plan.record) this.table.apply(plan.record);
    // Copies taken now, before a concurrent call can move a task on or retention drop it.
    const tasks = plan.ids.map((id) => this.table.get(id)).filter((t): t is Task => !!t);
    if (commit) await commit();
    return tasks;
  }

  async lease(
    workerId: string | undefined,
    leaseMs: number,
    now: number,
  ): Promise<Leased | undefined> {
    const id = this.table.nextLeasable(now);
    if (id === undefined) return undefined;
    const nonce = newNonce();
    const expiresAt = now + leaseMs;
    const record: QueueRecord = { t: 'lease', now, id, nonce, expiresAt };
    if (workerId !== undefined) record.workerId = workerId;
    const commit = this.stage(record);
    const [task] = this.table.apply(record);
    const leased = task ? copy(task) : undefined;
    await commit();
    if (!leased) return undefined;
    return { task: leased, lease: formatLease(id, leased.attempt, nonce), expiresAt };
  }

  complete(lease: string, result: unknown, now: number): Promise<Task | StaleReason> {
    return this.report(lease, (id) => ({ t: 'complete', now, id, result }));
  }

  fail(lease: string, outcome: FailOutcome, now: number): Promise<Task | StaleReason> {
    return this.report(lease, (id) => ({
      t: 'fail',
      now,
      id,
      error: outcome.error,
      retryable: outcome.retryable,
      delayMs: Number.isFinite(outcome.retryDelayMs) ? Math.max(0, outcome.retryDelayMs) : 0,
    }));
  }

  release(lease: string, now: number): Promise<Task | StaleReason> {
    return this.report(lease, (id) => ({ t: 'release', now, id }));
  }

  async expireLeases(now: number): Promise<Task[]> {
    if (!this.table.hasExpiredLeases(now)) return [];
    return this.run({ t: 'expire', now });
  }

  async cancel(id: string, now: number): Promise<Task | undefined> {
    const state = this.table.stateOf(id);
    if (state === undefined) return undefined;
    if (!isCancelable(state)) return this.table.get(id);
    return (await this.run({ t: 'cancel', now, id }))[0];
  }

  async retry(id: string, now: number): Promise<Task | undefined> {
    const state = this.table.stateOf(id);
    if (state === undefined) return undefined;
    if (state !== 'dead' && state !== 'canceled') return this.table.get(id);
    return (await this.run({ t: 'retry', now, id }))[0];
  }

  async purge(now: number): Promise<number> {
    const counts = this.table.counts();
    if (counts.queued + counts.scheduled === 0) return 0;
    return (await this.run({ t: 'purge', now })).length;
  }

  get(id: string): Task | undefined {
    return this.table.get(id);
  }

  list(query: ListQuery): { tasks: Task[]; nextCursor?: string } {
    return this.table.list(query);
  }

  counts(): TaskCounts {
    return this.table.counts();
  }

  nextDueAt(): number | undefined {
    return this.table.nextDueAt();
  }

  oldestQueuedAgeMs(now: number): number {
    return this.table.oldestQueuedAgeMs(now);
  }

  /** Applies and commits; answers copies of the changed tasks as they were right after. */
  protected async run(record: QueueRecord): Promise<Task[]> {
    const commit = this.stage(record);
    const changed = this.table.apply(record).map(copy);
    await commit();
    return changed;
  }

  private async report(
    lease: string,
    build: (id: string) => QueueRecord,
  ): Promise<Task | StaleReason> {
    const checked = this.table.checkLease(lease);
    if (checked === 'unknown_task' || checked === 'stale_lease' || checked === 'not_running') {
      return checked;
    }
    const [task] = await this.run(build(checked));
    return task ?? 'unknown_task';
  }
}
