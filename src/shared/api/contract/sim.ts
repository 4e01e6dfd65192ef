import { z } from 'zod';
import type { Decision, PolicyName, PolicyParams } from '../../scaling/types';
import { POLICY_NAMES } from '../../scaling/types';
import { parseDurationMs } from '../../units';
import { method } from '../method';

/** The built-in workload shapes of the simulator. */
export const SIM_SHAPES = [
  'step',
  'spike',
  'diurnal',
  'onoff',
  'ramp',
  'flash-crowd',
  'sparse-long-tasks',
] as const;
export type SimShape = (typeof SIM_SHAPES)[number];

/** Largest inline trace or durations text accepted (a 27-day minute trace is ~0.5 MB). */
const MAX_CSV = 32 * 1024 * 1024;

const durationMs = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseDurationMs(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${String(v)} (try 500ms, 5s, 2m)` });
    return z.NEVER;
  }
  return ms;
});

/** `5s` (fixed) or `2s..8s` (uniform between the two). */
const latency = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const [lo, hi] = typeof v === 'string' && v.includes('..') ? v.split('..') : [v, v];
  const minMs = parseDurationMs(lo ?? '');
  const maxMs = parseDurationMs(hi ?? '');
  if (minMs === null || maxMs === null || minMs > maxMs) {
    ctx.addIssue({
      code: 'custom',
      message: `not a start latency: ${String(v)} (try 5s or 2s..8s)`,
    });
    return z.NEVER;
  }
  return { minMs, maxMs };
});

/**
 * One simulator run. Arrivals come from a trace (a file path read by the main process, or
 * the CSV text itself) or else a built-in shape; run times from the trace's own column,
 * else a durations file, else `workMs`.
 */
export const SimRunInputSchema = z
  .object({
    /** Path of a trace CSV (read by the main process). */
    trace: z.string().min(1).max(4096).optional(),
    /** The trace CSV itself (for a file picked in the app). */
    traceCsv: z.string().max(MAX_CSV).optional(),
    /** Name to report an inline trace under. */
    traceName: z.string().max(200).optional(),
    shape: z.enum(SIM_SHAPES).optional(),
    policy: z.enum(POLICY_NAMES as [PolicyName, ...PolicyName[]]).optional(),
    /** Run every policy on the same workload (ignores `policy`). */
    compare: z.boolean().default(false),
    /** Policy knobs (validated by the policy). */
    params: z.record(z.string(), z.union([z.number(), z.boolean()])).default({}),
    seed: z.union([z.number().int(), z.string().min(1).max(100)]).default(1),
    /** Wait objective: tasks should start within this of arriving. */
    slo: durationMs.default(10_000),
    scale: z.number().min(0).max(1e6).optional(),
    /** Keep bins [from, to) of the trace. */
    bins: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
    startLatency: latency.default({ minMs: 5000, maxMs: 5000 }),
    workMs: z.number().min(0).max(86_400_000).optional(),
    /** Path of a durations CSV (Azure Functions layout), or its text. */
    durations: z.string().min(1).max(4096).optional(),
    durationsCsv: z.string().max(MAX_CSV).optional(),
    workerConcurrency: z.number().int().min(1).max(1000).default(4),
    minWorkers: z.number().int().min(0).max(1000).default(0),
    maxWorkers: z.number().int().min(1).max(10_000).default(1000),
    reconcileMs: durationMs.default(1000),
    /** Points of the time series returned for charts. */
    seriesPoints: z.number().int().min(10).max(5000).default(300),
  })
  .strict()
  .refine((v) => v.minWorkers <= v.maxWorkers, {
    message: 'minWorkers is above maxWorkers',
    path: ['minWorkers'],
  })
  .refine((v) => v.reconcileMs >= 100, {
    message: 'reconcileMs must be at least 100 ms',
    path: ['reconcileMs'],
  });

export type SimRunInput = z.input<typeof SimRunInputSchema>;
export type SimRunRequest = z.output<typeof SimRunInputSchema>;

/** One point of a run's downsampled time series. */
export interface SimSeriesPoint {
  /** Start of the point's span, seconds from the start. */
  t: number;
  arrivals: number;
  /** Highest backlog (queued tasks) seen in the span. */
  backlog: number;
  /** Workers up (starting + ready + draining) at the end of the span. */
  workers: number;
  /** Workers the oracle runs at the end of the span. */
  oracle: number;
}

/** A scale action, for charts. */
export interface SimScaleMark {
  t: number;
  from: number;
  to: number;
}

/** The figures of one run. Times in ms unless named otherwise. */
export interface SimFigures {
  tasks: number;
  completed: number;
  /** Worker-seconds paid: start request to stop, including starting and draining. */
  workerSeconds: number;
  /** The part of them in which the worker ran no task. */
  idleWorkerSeconds: number;
  /** The clairvoyant zero-wait pool's worker-seconds (see docs/autoscaling.md). */
  oracleWorkerSeconds: number;
  /** workerSeconds / oracleWorkerSeconds. */
  costRatio: number;
  /**
   * Total run time / slots per worker: no pool can pay less (every task holds a slot for its
   * whole run). A hard floor, unlike the oracle, which a policy may undercut by letting
   * tasks wait.
   */
  workBoundWorkerSeconds: number;
  waitP50Ms: number;
  waitP95Ms: number;
  waitP99Ms: number;
  waitMaxMs: number;
  sloMs: number;
  /** Share of tasks that waited longer than the objective (0..1). */
  overSlo: number;
  /** Decisions that changed the pool. */
  scaleActions: number;
  /** Workers started (each a cold start). */
  coldStarts: number;
  peakWorkers: number;
  /** Simulated time, seconds. */
  durationS: number;
}

/** One policy on one workload. */
export interface SimResult {
  workload: { name: string; about: string; tasks: number; periodS: number };
  policy: PolicyName;
  params: PolicyParams;
  config: {
    seed: number;
    sloMs: number;
    startLatency: { minMs: number; maxMs: number };
    slotsPerWorker: number;
    minWorkers: number;
    maxWorkers: number;
    reconcileMs: number;
    seriesPoints: number;
  };
  figures: SimFigures;
  series: SimSeriesPoint[];
  marks: SimScaleMark[];
  /** The last decisions that changed the pool, for explanation. */
  lastDecisions: Decision[];
}

/** The answer: one result, or one per policy with `compare`. */
export interface SimRunOutput {
  results: SimResult[];
}

/** The policy lab: replay a workload through one or every policy in the simulator. */
export const simContract = {
  'sim.run': method(SimRunInputSchema).returns<SimRunOutput>(),
};
