import type { Rng } from '../../../shared/random';
import type { Settings } from '../../../shared/settings';
import type { Task, TaskError } from '../../../shared/tasks';
import type { Logger } from '../../log/logger';
import type { Leased, QueueStore, StaleReason } from '../../queue/store';
import type { EngineMetrics } from '../metrics';
import type { WorkerRecord } from '../pool/worker-record';
import type { TaskOutcomes } from '../task-outcomes';
import { backoffDelayMs } from './backoff';
import type { AbortReason, Attempt, PushOutcome } from './push';

/** How long a worker whose connection broke gets no new tasks (its exit is usually near). */
const SUSPECT_MS = 1000;

export interface AttemptRecorderOptions {
  store: QueueStore;
  outcomes: TaskOutcomes;
  metrics: EngineMetrics;
  log: Logger;
  settings: () => Settings;
  rng: Rng;
  /** Keeps new tasks off a worker for `forMs` (the dispatcher's default when undefined). */
  markBusy: (worker: WorkerRecord, now: number, forMs?: number) => void;
  /** A task became available again (retry queued or released). */
  wake: () => void;
  /** A store update settled: the dispatcher may have become idle. */
  settled: () => void;
}

/**
 * Writes what became of each attempt to the queue store (complete, release, fail with a
 * retry delay) and counts the updates still being written, so a stop can wait for them.
 */
export class AttemptRecorder {
  /** Store updates not yet settled. */
  pending = 0;

  constructor(private readonly options: AttemptRecorderOptions) {}

  /** Records the outcome of a finished push, and its effect on the worker's counters. */
  record(attempt: Attempt, outcome: PushOutcome, now: number): void {
    const { worker, leased } = attempt;
    const { store, metrics } = this.options;
    const runMs = now - attempt.startedAt;
    switch (outcome.kind) {
      case 'success':
        worker.info.processed += 1;
        this.track(store.complete(leased.lease, outcome.result, now), runMs);
        break;
      case 'busy':
        metrics.dispatchError('busy');
        this.options.markBusy(worker, now);
        this.release(leased, now);
        break;
      case 'permanent':
        worker.info.failed += 1;
        metrics.dispatchError(outcome.error.kind);
        this.fail(leased, outcome.error, false, now, runMs);
        break;
      case 'retryable':
        worker.info.failed += 1;
        metrics.dispatchError(outcome.error.kind);
        // A refused or broken connection usually means the worker is dying; the runtime
        // reports the exit a little later. Keep new tasks off it meanwhile, so a quick
        // retry does not spend its attempts on the same dead worker.
        if (outcome.error.kind === 'connection') this.options.markBusy(worker, now, SUSPECT_MS);
        this.fail(leased, outcome.error, true, now, runMs);
        break;
      case 'aborted':
        this.aborted(attempt, outcome.reason, now, runMs);
        break;
    }
  }

  /** Gives a leased task back to the queue without using an attempt. */
  release(leased: Leased, now: number): void {
    this.track(this.options.store.release(leased.lease, now), undefined);
  }

  private aborted(attempt: Attempt, reason: AbortReason, now: number, runMs: number): void {
    const { leased, worker } = attempt;
    if (reason === 'canceled' || reason === 'lease_expired') return;
    if (reason === 'shutdown') {
      this.release(leased, now);
      return;
    }
    worker.info.failed += 1;
    this.options.metrics.dispatchError(reason);
    const message =
      reason === 'timeout'
        ? `no answer within ${leased.task.timeoutMs} ms`
        : `worker ${worker.info.id} was lost (${worker.info.reason ?? 'exited'})`;
    this.fail(leased, { kind: reason, message }, true, now, runMs);
  }

  private fail(leased: Leased, error: TaskError, retryable: boolean, now: number, runMs: number) {
    const { retryBase, retryMax } = this.options.settings();
    const retryDelayMs = backoffDelayMs(leased.task.attempt, retryBase, retryMax, this.options.rng);
    const { log } = this.options;
    if (log.enabled('debug')) {
      log.debug('attempt failed', { taskId: leased.task.id, error, retryable, retryDelayMs });
    }
    const outcome = { error, retryable, retryDelayMs };
    this.track(this.options.store.fail(leased.lease, outcome, now), runMs);
  }

  /** Follows a store update: reports the task's new state, or notes why it was refused. */
  private track(op: Promise<Task | StaleReason>, runMs: number | undefined): void {
    this.pending += 1;
    op.then(
      (result) => {
        this.pending -= 1;
        if (typeof result === 'string') {
          // The task was canceled or its lease expired meanwhile: an older attempt's report.
          this.options.log.debug('store refused a stale report', { reason: result });
        } else {
          this.options.outcomes.changed(result, runMs);
          if (result.state === 'queued' || result.state === 'scheduled') this.options.wake();
        }
        this.options.settled();
      },
      (error: unknown) => {
        this.pending -= 1;
        this.options.log.error('recording an attempt failed', { error });
        this.options.settled();
      },
    );
  }
}
