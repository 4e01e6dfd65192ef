import type { Observation } from '../../../shared/scaling/types';
import type { QueueStore } from '../../queue/store';
import type { WorkerPool } from '../pool/worker-pool';
import type { TaskOutcomes } from '../task-outcomes';

/** Totals seen at the previous tick, to turn monotonic counters into per-tick amounts. */
export interface ObserveMarks {
  at: number;
  arrivals: number;
  completions: number;
}

/** Builds one observation and answers the marks for the next tick. */
export function observe(
  sources: { store: QueueStore; pool: WorkerPool; outcomes: TaskOutcomes; slotsPerWorker: number },
  previous: ObserveMarks | undefined,
  now: number,
): { obs: Observation; marks: ObserveMarks } {
  const { store, pool, outcomes } = sources;
  const counts = store.counts();
  const byState = pool.byState();
  const marks = { at: now, arrivals: outcomes.arrivals, completions: outcomes.completions };
  const obs: Observation = {
    now,
    queued: counts.queued,
    scheduled: counts.scheduled,
    inflight: counts.running,
    arrivals: previous ? marks.arrivals - previous.arrivals : 0,
    completions: previous ? marks.completions - previous.completions : 0,
    intervalMs: previous ? now - previous.at : 0,
    oldestWaitMs: store.oldestQueuedAgeMs(now),
    workers: { starting: byState.starting, ready: byState.ready, draining: byState.draining },
    slotsPerWorker: sources.slotsPerWorker,
  };
  const meanServiceMs = outcomes.runMs.mean();
  if (meanServiceMs !== undefined) obs.meanServiceMs = meanServiceMs;
  const startLatencyMs = pool.meanStartLatencyMs();
  if (startLatencyMs !== undefined) obs.startLatencyMs = startLatencyMs;
  return { obs, marks };
}
