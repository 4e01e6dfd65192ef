import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TaskCounts } from '../../shared/tasks';
import { TASK_STATES } from '../../shared/tasks';
import type { WorkerState } from '../../shared/workers';
import { WORKER_STATES } from '../../shared/workers';

/** Final outcomes counted by `gantry_tasks_finished_total{outcome}`. */
export type FinishOutcome = 'succeeded' | 'dead' | 'canceled' | 'retried';

/** Where the gauges read their values at scrape time (nothing is set on the hot path). */
export interface MetricsSources {
  counts(): TaskCounts;
  workersByState(): Record<WorkerState, number>;
  desiredWorkers(): number;
}

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
const START_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/**
 * The engine's Prometheus metrics, on a registry of its own (several engines can live in one
 * process, as tests do). Gauges are computed when scraped; counters and histograms are
 * label-less or pre-bound children, so recording costs a few additions.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly submitted: Counter;
  private readonly finished: Record<FinishOutcome, Counter.Internal>;
  private readonly waitSeconds: Histogram;
  private readonly runSeconds: Histogram;
  private readonly scalingEvents: Counter<'direction'>;
  private readonly dispatchErrors: Counter<'reason'>;
  private readonly workerStart: Histogram;
  /** Computed at scrape time from `MetricsSources`. */
  private readonly gauges: Gauge[] = [];

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.submitted = new Counter({
      name: 'gantry_tasks_submitted_total',
      help: 'Tasks accepted by the queue.',
      registers,
    });
    const finished = new Counter({
      name: 'gantry_tasks_finished_total',
      help: 'Attempts that ended, by outcome (retried: a failed attempt that will be retried).',
      labelNames: ['outcome'],
      registers,
    });
    this.finished = {
      succeeded: finished.labels('succeeded'),
      dead: finished.labels('dead'),
      canceled: finished.labels('canceled'),
      retried: finished.labels('retried'),
    };
    this.gauges.push(new Gauge({
      name: 'gantry_queue_tasks',
      help: 'Tasks by state.',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = sources.counts();
        for (const state of TASK_STATES) this.set({ state }, counts[state]);
      },
    }));
    this.waitSeconds = new Histogram({
      name: 'gantry_task_wait_seconds',
      help: 'Time from a task being due to its attempt starting.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.runSeconds = new Histogram({
      name: 'gantry_task_run_seconds',
      help: 'Duration of an attempt on a worker.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.gauges.push(new Gauge({
      name: 'gantry_workers',
      help: 'Workers by state.',
      labelNames: ['state'],
      registers,
      collect() {
        const byState = sources.workersByState();
        for (const state of WORKER_STATES) this.set({ state }, byState[state]);
      },
    }));
    this.gauges.push(new Gauge({
      name: 'gantry_autoscaler_desired_workers',
      help: "The autoscaler's latest desired worker count.",
      registers,
      collect() {
        this.set(sources.desiredWorkers());
      },
    }));
    this.scalingEvents = new Counter({
      name: 'gantry_scaling_events_total',
      help: 'Scale actions, by direction.',
      labelNames: ['direction'],
      registers,
    });
    this.dispatchErrors = new Counter({
      name: 'gantry_dispatch_errors_total',
      help: 'Failed pushes to workers, by reason (busy, timeout, http_4xx, http_5xx, ...).',
      labelNames: ['reason'],
      registers,
    });
    this.workerStart = new Histogram({
      name: 'gantry_worker_start_seconds',
      help: 'Time from asking the runtime for a worker to its first healthy answer.',
      buckets: START_BUCKETS,
      registers,
    });
  }

  taskSubmitted(n: number): void {
    this.submitted.inc(n);
  }

  taskFinished(outcome: FinishOutcome): void {
    this.finished[outcome].inc();
  }

  taskWait(ms: number): void {
    this.waitSeconds.observe(ms / 1000);
  }

  taskRun(ms: number): void {
    this.runSeconds.observe(ms / 1000);
  }

  scaling(direction: 'up' | 'down', n = 1): void {
    this.scalingEvents.inc({ direction }, n);
  }

  dispatchError(reason: string): void {
    this.dispatchErrors.inc({ reason });
  }

  workerStarted(ms: number): void {
    this.workerStart.observe(ms / 1000);
  }

  /** Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
