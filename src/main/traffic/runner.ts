import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { GantryError } from '../../shared/api/errors';
import type { Rng } from '../../shared/random';
import type { Task } from '../../shared/tasks';
import { parseTrace, type Trace } from '../../shared/traces';
import type { TrafficProfile, TrafficProgress, TrafficSummary } from '../../shared/traffic';
import type { Logger } from '../log/logger';
import { type Clock, systemClock } from './clock';
import { LatencyHistogram } from './latency-histogram';
import { type Arrival, buildSchedule, type Schedule } from './schedule';
import type { TrafficTarget } from './target';

export interface TrafficRunnerOptions {
  /** Random source for trace spreading and Poisson arrivals. */
  rng?: Rng;
  /** `paced` (default) or `poisson` arrivals for the synthetic shapes. */
  arrivals?: 'paced' | 'poisson';
  /** Most dispatches waiting at once; further arrivals wait for a free one (default 10,000). */
  maxInflight?: number;
  /** Least time between two progress reports (default 500 ms). */
  progressIntervalMs?: number;
}

/** Submits in a row before yielding to the event loop. */
const BURST = 64;

/** Errors after which no task can get through: the run ends with the reason. */
const FATAL = new Set([
  'unauthorized',
  'forbidden',
  'invalid_input',
  'payload_too_large',
  'unavailable',
]);

interface Run {
  profile: TrafficProfile;
  schedule: Schedule;
  startedAt: number;
  abort: AbortController;
  counts: { submitted: number; succeeded: number; failed: number; rejected: number };
  inflight: number;
  /** No submits before this epoch ms (a 429's Retry-After). */
  pausedUntil: number;
  wait: LatencyHistogram;
  endToEnd: LatencyHistogram;
  error?: string;
  lastReport: number;
}

/**
 * Generates traffic from a profile against a target, one run at a time, open loop: tasks
 * are submitted on schedule whether or not earlier ones finished (up to `maxInflight`).
 * A 429 pauses submits for its Retry-After; arrivals due meanwhile count as rejected, so
 * `submitted = succeeded + failed + rejected + unfinished`.
 */
export class TrafficRunner {
  private run: Run | undefined;
  private runDone: Promise<TrafficSummary> | undefined;
  private last: TrafficSummary | null = null;
  private readonly listeners = new Set<(state: TrafficProgress | TrafficSummary) => void>();
  private readonly log: Logger;
  private wake: (() => void) | undefined;

  constructor(
    private readonly target: TrafficTarget,
    logger: Logger,
    private readonly clock: Clock = systemClock,
    private readonly options: TrafficRunnerOptions = {},
  ) {
    this.log = logger.child('traffic');
  }

  /** Starts a run; throws `GantryError('conflict')` while one is running. */
  start(profile: TrafficProfile): TrafficProgress {
    if (this.run) {
      throw new GantryError('conflict', 'a traffic run is already going; stop it first');
    }
    const schedule = buildSchedule(profile, {
      trace: profile.shape === 'trace' ? loadTrace(profile) : undefined,
      rng: this.options.rng,
      arrivals: this.options.arrivals,
    });
    const run: Run = {
      profile,
      schedule,
      startedAt: this.clock.now(),
      abort: new AbortController(),
      counts: { submitted: 0, succeeded: 0, failed: 0, rejected: 0 },
      inflight: 0,
      pausedUntil: 0,
      wait: new LatencyHistogram(),
      endToEnd: new LatencyHistogram(),
      lastReport: 0,
    };
    this.run = run;
    this.runDone = this.execute(run);
    this.log.info('traffic started', {
      shape: profile.shape,
      rate: profile.rate,
      durationS: schedule.durationS,
    });
    return this.progress(run);
  }

  /** Ends the run now (waits for nothing in flight); answers its summary, or the last one. */
  async stop(): Promise<TrafficSummary | null> {
    const run = this.run;
    if (!run) return this.last;
    run.abort.abort();
    this.wake?.();
    return this.finished();
  }

  /** The run's summary once it ends by itself or is stopped; null when none is going. */
  finished(): Promise<TrafficSummary | null> {
    return this.runDone ?? Promise.resolve(this.last);
  }

  /** Progress of the current run, else the last summary, else null. */
  current(): TrafficProgress | TrafficSummary | null {
    return this.run ? this.progress(this.run) : this.last;
  }

  /** Progress at most every `progressIntervalMs`, then the summary. */
  onChange(listener: (state: TrafficProgress | TrafficSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async execute(run: Run): Promise<TrafficSummary> {
    const { signal } = run.abort;
    // Every dispatch listens on the run's signal.
    setMaxListeners(0, signal);
    const arrivals = run.schedule.arrivals();
    let burst = 0;
    for (let next = arrivals.next(); !next.done && !signal.aborted; next = arrivals.next()) {
      await this.waitUntil(run, run.startedAt + next.value.atS * 1000);
      while (run.inflight >= (this.options.maxInflight ?? 10_000) && !signal.aborted) {
        await this.settledOrTick(run);
      }
      if (signal.aborted) break;
      this.submit(run, next.value);
      // Behind schedule the loop never sleeps; let I/O (the answers) run between batches.
      if (++burst >= BURST) {
        burst = 0;
        await nextTurn();
      }
    }
    // Arrivals may end before the run does (a quiet tail); the run still lasts its length.
    await this.waitUntil(run, run.startedAt + run.schedule.durationS * 1000);
    while (run.inflight > 0 && !signal.aborted) await this.settledOrTick(run);
    return this.finish(run);
  }

  private submit(run: Run, arrival: Arrival): void {
    run.counts.submitted++;
    if (this.clock.now() < run.pausedUntil) {
      run.counts.rejected++;
      return;
    }
    const workMs = arrival.workMs ?? run.profile.workMs;
    const payload = workMs === undefined ? {} : { workMs: Math.round(workMs) };
    run.inflight++;
    void this.target
      .dispatch({ payload }, run.abort.signal)
      .then(
        (task) => this.record(run, task),
        (error: unknown) => this.fail(run, error),
      )
      .finally(() => {
        run.inflight--;
        this.wake?.();
      });
  }

  private record(run: Run, task: Task): void {
    if (task.state === 'succeeded') run.counts.succeeded++;
    else run.counts.failed++;
    if (task.startedAt !== undefined) run.wait.add(task.startedAt - task.createdAt);
    if (task.finishedAt !== undefined) run.endToEnd.add(task.finishedAt - task.createdAt);
  }

  private fail(run: Run, error: unknown): void {
    if (run.abort.signal.aborted) return;
    if (error instanceof GantryError && error.code === 'queue_full') {
      run.counts.rejected++;
      const retryMs = (error.extra.retryAfterS ?? 1) * 1000;
      run.pausedUntil = Math.max(run.pausedUntil, this.clock.now() + retryMs);
      return;
    }
    run.counts.failed++;
    if (error instanceof GantryError && FATAL.has(error.code) && run.error === undefined) {
      run.error = error.message;
      this.log.warn('traffic stopped: the target refuses tasks', { reason: error.message });
      run.abort.abort();
      this.wake?.();
    }
  }

  /** Sleeps until `dueMs` in slices, reporting progress between them. */
  private async waitUntil(run: Run, dueMs: number): Promise<void> {
    for (;;) {
      this.report(run);
      const left = dueMs - this.clock.now();
      if (left <= 0 || run.abort.signal.aborted) return;
      await this.clock.sleep(Math.min(left, this.interval()), run.abort.signal);
    }
  }

  /** Resolves when a dispatch settles or a progress interval passes. */
  private async settledOrTick(run: Run): Promise<void> {
    const tick = new AbortController();
    const settled = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    await Promise.race([settled, this.clock.sleep(this.interval(), tick.signal)]);
    tick.abort();
    this.wake = undefined;
    this.report(run);
  }

  private report(run: Run): void {
    const now = this.clock.now();
    if (now - run.lastReport < this.interval()) return;
    run.lastReport = now;
    this.emit(this.progress(run));
  }

  private finish(run: Run): TrafficSummary {
    const summary: TrafficSummary = {
      ...this.progress(run),
      running: false,
      currentRate: 0,
      finishedAt: this.clock.now(),
      wait: percentiles(run.wait),
      endToEnd: percentiles(run.endToEnd),
    };
    this.run = undefined;
    this.last = summary;
    const { submitted, succeeded, failed, rejected } = summary;
    this.log.info('traffic finished', { submitted, succeeded, failed, rejected, error: run.error });
    this.emit(summary);
    return summary;
  }

  private progress(run: Run): TrafficProgress {
    const elapsedS = Math.max(0, (this.clock.now() - run.startedAt) / 1000);
    const generating = elapsedS < run.schedule.durationS && !run.abort.signal.aborted;
    // The trace text can be megabytes: progress is pushed several times a second.
    const { traceCsv, ...profile } = run.profile;
    const progress: TrafficProgress = {
      running: true,
      profile: traceCsv === undefined ? run.profile : profile,
      startedAt: run.startedAt,
      elapsedS,
      durationS: run.schedule.durationS,
      ...run.counts,
      currentRate: generating ? run.schedule.rateAt(elapsedS) : 0,
    };
    if (run.error !== undefined) progress.error = run.error;
    return progress;
  }

  private emit(state: TrafficProgress | TrafficSummary): void {
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.log.error('traffic listener failed', { error });
      }
    }
  }

  private interval(): number {
    return this.options.progressIntervalMs ?? 500;
  }
}

/** Rounded to 0.1 ms: the histogram is only good to 1% anyway. */
function percentiles(h: LatencyHistogram): { p50: number; p95: number; p99: number } {
  const at = (p: number) => Math.round(h.percentile(p) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** The profile's trace, from its CSV text or its file; a bad one is `invalid_input`. */
function loadTrace(profile: TrafficProfile): Trace {
  try {
    if (profile.traceCsv !== undefined) return parseTrace(profile.traceCsv, 'trace');
    if (profile.tracePath !== undefined) {
      return parseTrace(readFileSync(profile.tracePath, 'utf8'), profile.tracePath);
    }
  } catch (error) {
    const field = profile.traceCsv === undefined ? 'tracePath' : 'traceCsv';
    const message = error instanceof Error ? error.message : String(error);
    throw new GantryError('invalid_input', message, { field, cause: error });
  }
  throw new GantryError('invalid_input', 'the trace shape needs traceCsv or tracePath', {
    field: 'traceCsv',
  });
}
