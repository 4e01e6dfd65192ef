import type { Task } from '../../shared/tasks';
import type { EventBus } from './event-bus';
import type { EngineMetrics } from './metrics';
import { RateMeter, SampleWindow } from './stats-window';

const FINAL_STATES = new Set(['succeeded', 'dead', 'canceled']);

/** A task in `succeeded`, `dead` or `canceled`. */
export function isFinal(task: Task): boolean {
  return FINAL_STATES.has(task.state);
}

interface Waiter {
  resolve: (task: Task) => void;
  reject: (error: Error) => void;
}

/**
 * The one place every path that changes a task reports to (dispatcher, cancel, lease expiry,
 * pull mode): it feeds the rates, latency windows and metrics, wakes `dispatchAndWait`
 * callers, and sums outcomes into one `task-summary` event per interval (never one per task).
 */
export class TaskOutcomes {
  readonly submitRate = new RateMeter();
  readonly completeRate = new RateMeter();
  readonly waitMs = new SampleWindow();
  readonly runMs = new SampleWindow();
  /** Monotonic totals; the autoscaler takes differences between ticks. */
  arrivals = 0;
  completions = 0;

  private readonly waiters = new Map<string, Waiter[]>();
  private summary = { succeeded: 0, retried: 0, dead: 0, canceled: 0 };
  private summaryStart = 0;
  private summaryTimer: NodeJS.Timeout | undefined;
  private changeListener: () => void = () => {};

  constructor(
    private readonly metrics: EngineMetrics,
    private readonly bus: EventBus,
    private readonly now: () => number,
    private readonly summaryIntervalMs = 5000,
  ) {}

  /** Called on any change (the snapshot marks itself dirty). */
  onChange(listener: () => void): void {
    this.changeListener = listener;
  }

  submitted(count: number): void {
    this.arrivals += count;
    this.submitRate.add(count, this.now());
    this.metrics.taskSubmitted(count);
    this.changeListener();
  }

  /** An attempt started (the task was leased). */
  started(task: Task): void {
    if (task.startedAt === undefined) return;
    const waited = task.startedAt - Math.max(task.createdAt, task.runAt);
    this.waitMs.add(Math.max(0, waited));
    this.metrics.taskWait(Math.max(0, waited));
  }

  /**
   * An attempt ended or a task changed outside an attempt (cancel, retry of a dead task).
   * `runMs` is the attempt's duration on a worker, when there was one.
   */
  changed(task: Task, runMs?: number): void {
    if (runMs !== undefined) {
      this.runMs.add(runMs);
      this.metrics.taskRun(runMs);
    }
    switch (task.state) {
      case 'succeeded':
      case 'dead':
      case 'canceled':
        this.count(task.state);
        this.resolveWaiters(task);
        break;
      case 'queued':
      case 'scheduled':
        // Back in the queue after a failed attempt (not after a release, which used none).
        if (runMs !== undefined || task.error?.kind === 'lease_expired') this.count('retried');
        break;
      default:
        break;
    }
    this.changeListener();
  }

  /**
   * Calls `resolve` when the task reaches a final state, or `reject` if the engine stops
   * first; the disposer forgets the waiter.
   */
  waitFor(id: string, resolve: (task: Task) => void, reject: (error: Error) => void): () => void {
    const waiter: Waiter = { resolve, reject };
    const list = this.waiters.get(id);
    if (list) list.push(waiter);
    else this.waiters.set(id, [waiter]);
    return () => {
      const current = this.waiters.get(id);
      if (!current) return;
      const rest = current.filter((w) => w !== waiter);
      if (rest.length === 0) this.waiters.delete(id);
      else this.waiters.set(id, rest);
    };
  }

  /** Rejects every waiter (the engine is stopping; the tasks stay in the queue). */
  rejectWaiters(error: Error): void {
    const all = [...this.waiters.values()];
    this.waiters.clear();
    for (const list of all) for (const waiter of list) waiter.reject(error);
  }

  /** Publishes the pending summary now (on shutdown). */
  flushSummary(): void {
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
    const { succeeded, retried, dead, canceled } = this.summary;
    if (succeeded + retried + dead + canceled === 0) return;
    const windowMs = this.now() - this.summaryStart;
    this.summary = { succeeded: 0, retried: 0, dead: 0, canceled: 0 };
    this.bus.publish({
      type: 'task-summary',
      level: dead > 0 ? 'warn' : 'info',
      message:
        `${succeeded} succeeded, ${retried} retried, ${dead} dead, ${canceled} canceled` +
        ` in ${(windowMs / 1000).toFixed(1)} s`,
      windowMs,
      succeeded,
      retried,
      dead,
      canceled,
    });
  }

  private count(outcome: 'succeeded' | 'dead' | 'canceled' | 'retried'): void {
    this.summary[outcome] += 1;
    this.metrics.taskFinished(outcome);
    if (outcome !== 'retried') {
      this.completions += 1;
      this.completeRate.add(1, this.now());
    }
    if (!this.summaryTimer) {
      this.summaryStart = this.now();
      this.summaryTimer = setTimeout(() => this.flushSummary(), this.summaryIntervalMs);
    }
  }

  private resolveWaiters(task: Task): void {
    const list = this.waiters.get(task.id);
    if (!list) return;
    this.waiters.delete(task.id);
    for (const waiter of list) waiter.resolve(task);
  }
}
