import type { IntervalHistogram } from 'node:perf_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Event-loop delay over a run, in milliseconds: how late the sampling timer fired, beyond its
 * own period (an idle loop reads near zero).
 */
export interface LoopDelayStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How many delay samples the histogram took. */
  samples: number;
}

/** The sampling timer's period. */
export const RESOLUTION_MS = 2;

/** A histogram's figures as delays: Node records whole intervals, so the period is removed. */
export function summarize(
  histogram: IntervalHistogram,
  resolutionMs = RESOLUTION_MS,
): LoopDelayStats {
  const toMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
  return {
    p50Ms: toMs(histogram.percentile(50)),
    p99Ms: toMs(histogram.percentile(99)),
    maxMs: toMs(histogram.max),
    samples: histogram.count,
  };
}

/**
 * Measures how long this process's event loop was held up while `work` ran: the delay a
 * timer, an IPC message or a paint request would wait in the same process.
 */
export async function measureLoopDelay(
  work: () => Promise<void>,
): Promise<LoopDelayStats & { durationMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const started = performance.now();
  histogram.enable();
  try {
    await work();
  } finally {
    histogram.disable();
  }
  return { ...summarize(histogram), durationMs: Math.round(performance.now() - started) };
}
