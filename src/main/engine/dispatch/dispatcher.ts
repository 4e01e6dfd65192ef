import type { Rng } from '../../../shared/random';
import type { Settings } from '../../../shared/settings';
import type { Logger } from '../../log/logger';
import type { Leased, QueueStore } from '../../queue/store';
import type { EngineMetrics } from '../metrics';
import type { WorkerPool } from '../pool/worker-pool';
import type { WorkerRecord } from '../pool/worker-record';
import { hasFreeSlot } from '../pool/worker-record';
import type { TaskOutcomes } from '../task-outcomes';
import { AttemptRecorder } from './attempt-recorder';
import { IdleGate } from './idle-gate';
import type { Attempt, PushOutcome } from './push';
import { abortAttempt, pushTask } from './push';
import type { SelectionName } from './selection';
import { createSelector } from './selection';

/**
 * Lease length of a pushed task: the longest attempt deadline a task may ask for. The task is
 * picked inside `lease`, so its own `timeoutMs` is not known beforehand, and a shorter lease
 * would cut long tasks. Pushed attempts do not rely on expiry: the engine ends each at its
 * deadline, on a worker's exit or a broken connection, and the journal requeues running tasks
 * when it reopens after a crash. Expiry is the backstop for pull-mode clients.
 */
const PUSH_LEASE_MS = 7 * 24 * 3_600_000;

const loadOf = (worker: WorkerRecord) =>
  (worker.info.inflight + worker.reserved) / worker.info.concurrency;

/**
 * Below this mean run time, each worker gets up to its slot count of extra leases written
 * ahead. At `fsync` a lease waits for a disk sync (tens of ms on a busy machine) before its
 * push; with leases written ahead, that wait overlaps the running tasks instead of idling
 * the slot. Longer tasks do not need it, and would hold their prefetched leases behind a
 * busy worker for too long.
 */
const PREFETCH_BELOW_MS = 50;

export interface DispatcherOptions {
  store: QueueStore;
  pool: WorkerPool;
  outcomes: TaskOutcomes;
  metrics: EngineMetrics;
  logger: Logger;
  now: () => number;
  settings: () => Settings;
  rng: Rng;
  /** A lease outlives the attempt's deadline by this much, so the engine's own timeout wins. */
  leaseGraceMs?: number;
  /** How often attempt deadlines are checked. */
  sweepIntervalMs?: number;
  /** How often expired leases (of a crashed engine or pull-mode client) are returned. */
  expireIntervalMs?: number;
  /** How long a worker that answered 429/503 is treated as full. */
  busyMs?: number;
}

/**
 * The load balancer. Event-driven: it runs when woken (a submit, a finished attempt, a worker
 * joining, a retry coming due) and never polls. While a worker in rotation has a free slot
 * and the queue is not paused it leases a task for that slot and pushes it over HTTP; the
 * leases of one pass are issued together, so the journal commits them with one fsync.
 */
export class Dispatcher {
  private readonly active = new Map<string, Attempt>();
  private readonly canceledWhileLeasing = new Set<string>();
  /** Workers holding leased tasks that wait for a slot. */
  private readonly withWaiting = new Set<WorkerRecord>();
  private select: (candidates: readonly WorkerRecord[]) => WorkerRecord | undefined;
  private leasing = 0;
  /** The store answered "nothing due" and no new work arrived since. */
  private empty = false;
  private paused = false;
  private stopping = false;
  private pumpQueued = false;
  private dueTimer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private busyTimer: NodeJS.Timeout | undefined;
  private busyAt = Infinity;
  private sweepTimer: NodeJS.Timeout | undefined;
  private expireTimer: NodeJS.Timeout | undefined;
  private readonly idle = new IdleGate(() => this.isIdle());
  private readonly recorder: AttemptRecorder;
  private readonly log: Logger;
  private readonly leaseGraceMs: number;
  private readonly busyMs: number;
  private readonly onLeasedBound = this.onLeased.bind(this);
  private readonly onDoneBound = this.onDone.bind(this);

  constructor(private readonly options: DispatcherOptions) {
    this.log = options.logger.child('dispatch');
    this.select = createSelector(options.settings().selection, options.rng, loadOf);
    this.leaseGraceMs = options.leaseGraceMs ?? 30_000;
    this.busyMs = options.busyMs ?? 100;
    this.recorder = new AttemptRecorder({
      store: options.store,
      outcomes: options.outcomes,
      metrics: options.metrics,
      settings: options.settings,
      rng: options.rng,
      log: this.log,
      markBusy: (worker, now, forMs) => this.markBusy(worker, now, forMs),
      wake: () => this.wake(true),
      settled: () => this.idle.check(),
    });
  }

  start(): void {
    this.sweepTimer = setInterval(() => this.sweepDeadlines(), this.options.sweepIntervalMs ?? 100);
    this.expireTimer = setInterval(() => void this.expire(), this.options.expireIntervalMs ?? 1000);
    this.wake(true);
  }

  /** Runs a dispatch pass soon. `newWork`: tasks may have become available. */
  wake(newWork = false): void {
    if (newWork) this.empty = false;
    if (this.pumpQueued || this.stopping) return;
    this.pumpQueued = true;
    setImmediate(() => this.pump());
  }

  setSelection(name: SelectionName): void {
    this.select = createSelector(name, this.options.rng, loadOf);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake(true);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Tasks being pushed, being leased, or leased and waiting for a slot. */
  get inflight(): number {
    let waiting = 0;
    for (const worker of this.withWaiting) waiting += worker.waiting.length;
    return this.active.size + this.leasing + waiting;
  }

  /** Aborts the running attempt of a canceled task (its HTTP request is closed). */
  cancelRunning(taskId: string): void {
    const attempt = this.active.get(taskId);
    if (attempt) {
      abortAttempt(attempt, 'canceled');
      return;
    }
    for (const worker of this.withWaiting) {
      const index = worker.waiting.findIndex((leased) => leased.task.id === taskId);
      if (index < 0) continue;
      worker.waiting.splice(index, 1);
      this.unreserve(worker);
      return;
    }
    // Canceled while its lease was being written: it must not be pushed once that resolves.
    if (this.leasing > 0) this.canceledWhileLeasing.add(taskId);
  }

  /** A worker died: its attempts fail as retryable `worker_lost`. */
  workerLost(workerId: string): void {
    for (const attempt of this.active.values()) {
      if (attempt.worker.info.id === workerId) abortAttempt(attempt, 'worker_lost');
    }
  }

  /**
   * Stops leasing; attempts in flight get `graceMs` to finish, then are aborted and their
   * tasks released to the queue (nothing is lost; the next run delivers them again).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of [this.dueTimer, this.busyTimer]) if (timer) clearTimeout(timer);
    for (const timer of [this.sweepTimer, this.expireTimer]) if (timer) clearInterval(timer);
    for (const worker of this.withWaiting) this.releaseWaiting(worker);
    await this.idle.wait(graceMs);
    for (const attempt of this.active.values()) abortAttempt(attempt, 'shutdown');
    await this.idle.wait(5000);
  }

  private isIdle(): boolean {
    return (
      this.active.size === 0 &&
      this.leasing === 0 &&
      this.recorder.pending === 0 &&
      this.withWaiting.size === 0
    );
  }

  private pump(): void {
    this.pumpQueued = false;
    if (this.paused || this.stopping) return;
    const { store, pool } = this.options;
    const now = this.options.now();
    for (const worker of this.withWaiting) this.pushWaiting(worker, now);
    if (!this.empty) {
      const counts = store.counts();
      const nextDue = store.nextDueAt();
      let budget = counts.queued - this.leasing;
      if (nextDue !== undefined && nextDue <= now) budget += counts.scheduled;
      if (budget > 0) {
        const meanRunMs = this.options.outcomes.runMs.mean();
        const prefetch = meanRunMs !== undefined && meanRunMs < PREFETCH_BELOW_MS;
        const canLease = (w: WorkerRecord) =>
          w.info.state === 'ready' &&
          w.busyUntil <= now &&
          w.info.inflight + w.reserved < w.info.concurrency * (prefetch ? 2 : 1);
        const ready = pool.ready();
        const candidates = ready.filter(canLease);
        const leaseMs = PUSH_LEASE_MS + this.leaseGraceMs;
        while (budget > 0 && candidates.length > 0) {
          const worker = this.select(candidates);
          if (!worker) break;
          worker.reserved += 1;
          this.leasing += 1;
          budget -= 1;
          if (!canLease(worker)) candidates.splice(candidates.indexOf(worker), 1);
          store.lease(worker.info.id, leaseMs, now).then(
            (leased) => this.onLeasedBound(worker, leased),
            (error: unknown) => this.onLeaseError(worker, error),
          );
        }
        if (budget > 0) this.armBusyTimer(now, ready);
      }
    }
    this.armDueTimer(now);
  }

  private armDueTimer(now: number): void {
    if (this.stopping) return;
    const nextDue = this.options.store.nextDueAt();
    if (nextDue === undefined || nextDue <= now || nextDue >= this.dueAt) return;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueAt = nextDue;
    this.dueTimer = setTimeout(() => {
      this.dueTimer = undefined;
      this.dueAt = Infinity;
      this.wake(true);
    }, nextDue - now);
  }

  private onLeaseError(worker: WorkerRecord, error: unknown): void {
    this.leasing -= 1;
    this.unreserve(worker);
    this.log.error('leasing a task failed', { workerId: worker.info.id, error });
    this.options.metrics.dispatchError('store');
    this.idle.check();
  }

  private onLeased(worker: WorkerRecord, leased: Leased | undefined): void {
    this.leasing -= 1;
    const canceled = leased !== undefined && this.canceledWhileLeasing.delete(leased.task.id);
    if (this.leasing === 0) this.canceledWhileLeasing.clear();
    if (!leased) {
      this.empty = true;
      this.unreserve(worker);
      this.armDueTimer(this.options.now());
      return;
    }
    if (canceled) {
      this.unreserve(worker);
      return;
    }
    if (worker.info.state !== 'ready' || this.stopping) {
      // The worker left rotation while the lease was being written: give the task back.
      this.unreserve(worker);
      this.recorder.release(leased, this.options.now());
      return;
    }
    this.options.outcomes.started(leased.task);
    const now = this.options.now();
    if (hasFreeSlot(worker, now)) {
      worker.reserved -= 1;
      this.push(worker, leased, now);
    } else {
      // Written ahead (prefetch): it goes out as soon as this worker frees a slot.
      worker.waiting.push(leased);
      this.withWaiting.add(worker);
    }
  }

  /** Pushes leased tasks waiting for this worker into its free slots. */
  private pushWaiting(worker: WorkerRecord, now: number): void {
    if (worker.info.state !== 'ready' || this.stopping) {
      this.releaseWaiting(worker);
      return;
    }
    while (worker.waiting.length > 0 && hasFreeSlot(worker, now)) {
      const leased = worker.waiting.shift();
      if (!leased) break;
      worker.reserved -= 1;
      this.push(worker, leased, now);
    }
    if (worker.waiting.length === 0) this.withWaiting.delete(worker);
  }

  /** Gives waiting leases back to the queue without using an attempt (they never ran). */
  private releaseWaiting(worker: WorkerRecord): void {
    const leases = worker.waiting.splice(0);
    this.withWaiting.delete(worker);
    worker.reserved -= leases.length;
    const now = this.options.now();
    for (const leased of leases) this.recorder.release(leased, now);
    this.idle.check();
  }

  private unreserve(worker: WorkerRecord): void {
    worker.reserved -= 1;
    this.wake();
    this.idle.check();
  }

  private push(worker: WorkerRecord, leased: Leased, now: number): void {
    worker.info.inflight += 1;
    const deadline = Math.min(now + leased.task.timeoutMs, leased.expiresAt - this.leaseGraceMs);
    const attempt: Attempt = {
      leased,
      worker,
      startedAt: now,
      deadline,
      done: false,
      onDone: this.onDoneBound,
    };
    this.active.set(leased.task.id, attempt);
    if (this.log.enabled('debug')) {
      this.log.debug('task pushed', {
        taskId: leased.task.id,
        workerId: worker.info.id,
        attempt: leased.task.attempt,
      });
    }
    pushTask(attempt);
  }

  private onDone(attempt: Attempt, outcome: PushOutcome): void {
    this.active.delete(attempt.leased.task.id);
    this.recorder.record(attempt, outcome, this.options.now());
    this.releaseSlot(attempt.worker);
  }

  private releaseSlot(worker: WorkerRecord): void {
    worker.info.inflight -= 1;
    if (worker.waiting.length > 0) this.pushWaiting(worker, this.options.now());
    this.options.pool.taskDone(worker);
    this.wake();
    this.idle.check();
  }

  private markBusy(worker: WorkerRecord, now: number, forMs = this.busyMs): void {
    worker.busyUntil = Math.max(worker.busyUntil, now + forMs);
    this.empty = false;
    this.armBusyTimer(now, this.options.pool.ready());
  }

  /**
   * Wakes the dispatcher when the first busy worker may take work again. Re-armed after
   * every pass that left work undispatched: a timer can fire a millisecond before the wall
   * clock reaches `busyUntil`, and a pass that then finds every worker busy must not sleep
   * for good.
   */
  private armBusyTimer(now: number, ready: readonly WorkerRecord[]): void {
    if (this.stopping) return;
    let next = Infinity;
    for (const worker of ready) {
      if (worker.busyUntil > now && worker.busyUntil < next) next = worker.busyUntil;
    }
    if (next >= this.busyAt) return;
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.busyAt = next;
    this.busyTimer = setTimeout(() => {
      this.busyTimer = undefined;
      this.busyAt = Infinity;
      this.wake(true);
    }, next - now);
  }

  private sweepDeadlines(): void {
    if (this.active.size === 0) return;
    const now = this.options.now();
    for (const attempt of this.active.values()) {
      if (attempt.deadline <= now) abortAttempt(attempt, 'timeout');
    }
  }

  private async expire(): Promise<void> {
    try {
      const expired = await this.options.store.expireLeases(this.options.now());
      for (const task of expired) {
        const attempt = this.active.get(task.id);
        if (attempt) abortAttempt(attempt, 'lease_expired');
        this.options.outcomes.changed(task);
      }
      if (expired.length > 0) {
        const taskIds = expired.map((t) => t.id);
        this.log.warn('leases expired', { count: expired.length, taskIds });
        this.wake(true);
      }
    } catch (error) {
      this.log.error('expiring leases failed', { error });
    }
  }
}
