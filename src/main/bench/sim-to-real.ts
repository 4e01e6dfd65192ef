import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PolicyName } from '../../shared/scaling';
import type { Settings } from '../../shared/settings';
import { defaultSettings } from '../../shared/settings';
import type { Trace } from '../../shared/traces';
import { parseTrace, sliceBins } from '../../shared/traces';
import { policyConfigOf } from '../engine/autoscaler/autoscaler';
import type { Logger } from '../log/logger';
import { silentLogger } from '../log/logger';
import { quantile, simulate } from '../sim/simulate';
import type {
  ScaleMark,
  SimConfig,
  SimResult,
  StartLatency,
  TimedSamples,
  Workload,
} from '../sim/types';
import { buildWorkload } from '../sim/workload';
import type { RealReplay } from './real-replay';
import { replayOnEngine } from './real-replay';

/** What to replay and with which settings; both sides get the same. */
export interface SimToRealOptions {
  /** A trace CSV (any format `parseTrace` reads). */
  tracePath: string;
  /** Bins [from, to) of the trace to replay. */
  bins: [number, number];
  /** Time compression: a recorded second lasts 1/speed s (60: a minute in a second). */
  speed: number;
  /** Multiply arrivals by this. */
  scale: number;
  /** Run time of every task (ms), the reference worker's fixed duration. */
  workMs: number;
  policy: PolicyName;
  minWorkers: number;
  maxWorkers: number;
  workerConcurrency: number;
  reconcileMs: number;
  seed: number;
  logger?: Logger;
}

/** Figures compared between the two runs. */
export interface SideFigures {
  tasks: number;
  completed: number;
  /** Worker-seconds from start request to stopped (starting and draining time counted). */
  workerSeconds: number;
  waitP50Ms: number;
  waitP95Ms: number;
  waitP99Ms: number;
  peakWorkers: number;
  coldStarts: number;
  scaleActions: number;
}

/** The parameters measured on the real run that the simulator is fed. */
export interface MeasuredParams {
  /** Start request to healthy, of workers started during the run. */
  startLatency: StartLatency;
  startSamples: number;
  /** Mean start request to healthy (ms). */
  startMeanMs: number;
  /** Mean time from a drained worker's last task (or the drain order) to stopped (ms). */
  stopMeanMs: number;
  stopSamples: number;
  /** (finished − started) − workMs over tasks: lease write, push and answer (ms). */
  overheadMeanMs: number;
  overheadP50Ms: number;
  overheadP90Ms: number;
  overheadP99Ms: number;
  /** The engine's first reconcile tick after the start (ms) and its mean tick period. */
  firstTickMs?: number;
  tickPeriodMs?: number;
  /** Arrival to start of tasks that arrived while a slot was free (ms). */
  delayMeanMs: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delaySamples: number;
}

export interface SimToRealResult {
  workload: { name: string; about: string; tasks: number; periodS: number };
  settings: {
    policy: PolicyName;
    params: Record<string, number | boolean>;
    minWorkers: number;
    maxWorkers: number;
    workerConcurrency: number;
    reconcileMs: number;
    workMs: number;
    speed: number;
    scale: number;
    bins: [number, number];
    seed: number;
  };
  measured: MeasuredParams;
  real: SideFigures;
  /** The simulator fed the measured start latency and dispatch overhead. */
  sim: SideFigures;
  /**
   * The simulator without the dispatch overhead and delay: a task starts the moment it
   * arrives at a free slot and holds it exactly its run time.
   */
  simNoOverhead: SideFigures;
  /** sim ÷ real − 1. */
  delta: { workerSeconds: number; waitP95: number };
  /** The real run's wall time (s). */
  wallS: number;
  /** Scale actions of both runs (seconds from the start, count before and after). */
  marks: { real: ScaleMark[]; sim: ScaleMark[] };
}

/**
 * Replays one workload through the real engine (worker processes) and then through the
 * simulator fed the same settings and the start latency measured on the real run, and
 * answers both sides' cost and waits.
 */
export async function simToReal(options: SimToRealOptions): Promise<SimToRealResult> {
  const logger = options.logger ?? silentLogger();
  const trace = parseTrace(await readFile(options.tracePath, 'utf8'), options.tracePath);
  const name = `${basename(options.tracePath).replace(/\.csv$/i, '')}[${options.bins.join(':')}]`;
  const workload = buildWorkload(
    {
      trace: { name, trace: compress(sliceBins(trace, ...options.bins), options.speed) },
      scale: options.scale,
      workMs: options.workMs,
    },
    options.seed,
  );
  const settings = engineSettings(options);
  const real = await replayOnEngine(workload, settings, logger);
  const measured = measure(real, options.workMs, options.workerConcurrency);
  const ticks = tickGrid(real.marks, options.reconcileMs);
  measured.firstTickMs = ticks.firstTickMs;
  measured.tickPeriodMs = ticks.periodMs;
  const config: SimConfig = {
    policy: options.policy,
    params: policyConfigOf(settings).params,
    seed: options.seed,
    sloMs: 10_000,
    startLatency: measured.startLatency,
    slotsPerWorker: options.workerConcurrency,
    minWorkers: options.minWorkers,
    maxWorkers: options.maxWorkers,
    reconcileMs: options.reconcileMs,
    seriesPoints: 60,
  };
  const sim = simulate(workload, {
    ...config,
    reconcileMs: ticks.periodMs,
    firstTickMs: ticks.firstTickMs,
    dispatchOverhead: overheadSamples(real, options.workMs),
    dispatchDelay: delaySamples(real, options.workerConcurrency),
  });
  const realFigures = realSide(real, workload);
  const simFigures = simSide(sim);
  return {
    workload: {
      name: workload.name,
      about: workload.about,
      tasks: workload.arrivals.length,
      periodS: workload.periodMs / 1000,
    },
    settings: {
      policy: options.policy,
      params: policyConfigOf(settings).params,
      minWorkers: options.minWorkers,
      maxWorkers: options.maxWorkers,
      workerConcurrency: options.workerConcurrency,
      reconcileMs: options.reconcileMs,
      workMs: options.workMs,
      speed: options.speed,
      scale: options.scale,
      bins: options.bins,
      seed: options.seed,
    },
    measured,
    real: realFigures,
    sim: simFigures,
    simNoOverhead: simSide(simulate(workload, config)),
    delta: {
      workerSeconds: ratio(simFigures.workerSeconds, realFigures.workerSeconds),
      waitP95: ratio(simFigures.waitP95Ms, realFigures.waitP95Ms),
    },
    wallS: (real.tEnd - real.t0) / 1000,
    marks: { real: real.marks, sim: sim.marks },
  };
}

/** The engine settings of a run: defaults, with the options' pool, policy and work time. */
export function engineSettings(options: SimToRealOptions): Settings {
  return {
    ...defaultSettings(),
    policy: options.policy,
    minWorkers: options.minWorkers,
    maxWorkers: options.maxWorkers,
    workerConcurrency: options.workerConcurrency,
    reconcileInterval: options.reconcileMs,
    workerWorkMs: options.workMs,
    logLevel: 'warn',
  };
}

/** A trace replayed `speed` times faster: bins and recorded times shrink by that factor. */
export function compress(trace: Trace, speed: number): Trace {
  if (speed === 1) return trace;
  if (trace.kind === 'binned') return { ...trace, binS: trace.binS / speed };
  return {
    kind: 'tasks',
    tasks: trace.tasks.map((t) => ({
      arrivalS: t.arrivalS / speed,
      durationS: t.durationS === undefined ? undefined : t.durationS / speed,
    })),
  };
}

/** Start latency, stop time and per-task overhead as the real run showed them. */
export function measure(real: RealReplay, workMs: number, slots: number): MeasuredParams {
  const starts = real.workers
    .filter((w) => w.startedAt >= real.t0 && w.readyAt !== undefined)
    .map((w) => (w.readyAt as number) - w.startedAt);
  const lastFinish = new Map<string, number>();
  for (const task of real.tasks) {
    if (task.workerId === undefined || task.finishedAt === undefined) continue;
    lastFinish.set(task.workerId, Math.max(lastFinish.get(task.workerId) ?? 0, task.finishedAt));
  }
  // Drain order, or the last task if later, to stopped: the process's own stop time.
  const stops: number[] = [];
  for (const w of real.workers) {
    const { drainingAt, stoppedAt } = w;
    if (drainingAt === undefined || stoppedAt === undefined || stoppedAt >= real.tEnd) continue;
    stops.push(stoppedAt - Math.max(drainingAt, lastFinish.get(w.id) ?? 0));
  }
  const overhead = Float64Array.from(overheadSamples(real, workMs).values).toSorted();
  const delays = Float64Array.from(delaySamples(real, slots).values).toSorted();
  return {
    startLatency: uniformLike(starts),
    startSamples: starts.length,
    startMeanMs: mean(starts),
    stopMeanMs: mean(stops),
    stopSamples: stops.length,
    overheadMeanMs: mean([...overhead]),
    overheadP50Ms: quantile(overhead, 0.5),
    overheadP90Ms: quantile(overhead, 0.9),
    overheadP99Ms: quantile(overhead, 0.99),
    delayMeanMs: mean([...delays]),
    delayP50Ms: quantile(delays, 0.5),
    delayP99Ms: quantile(delays, 0.99),
    delaySamples: delays.length,
  };
}

/**
 * How much longer than its work each task held its slot: from the lease (the task's
 * `startedAt`) to the worker's answer recorded (`finishedAt`), minus `workMs`. The lease
 * write, the HTTP push and answer, and the event-loop delays of a busy machine.
 */
export function overheadSamples(real: RealReplay, workMs: number): TimedSamples {
  const seen: [number, number][] = [];
  for (const task of real.tasks) {
    if (task.startedAt === undefined || task.finishedAt === undefined) continue;
    seen.push([task.startedAt - real.t0, Math.max(0, task.finishedAt - task.startedAt - workMs)]);
  }
  return timed(seen);
}

/** Observations `[at, value]` as timed samples, in time order. */
function timed(seen: [number, number][]): TimedSamples {
  const sorted = seen.toSorted((a, b) => a[0] - b[0]);
  return { atMs: sorted.map(([at]) => at), values: sorted.map(([, v]) => v) };
}

/**
 * Where the engine's reconcile ticks fell: every scale action happened on a tick, and the
 * ticks lie on a grid that drifts a little (each is scheduled one interval after the last
 * one ended), so a least-squares line through the actions, numbered by the interval, gives
 * the period and the phase. Worked example: actions at 1.69, 2.69 and 444.98 s are ticks
 * 0, 1 and 443: period 1000.7 ms, first tick after the start at 0.69 s. One action or none:
 * the nominal period, phase from the action or 0.
 *
 * TODO: a tick run at once when work reaches an empty pool (`minWorkers` 0) moves the grid;
 * the fit then blends two phases. Recording every tick, not only actions, would fix that.
 */
export function tickGrid(
  marks: readonly { t: number }[],
  reconcileMs: number,
): { firstTickMs: number; periodMs: number } {
  const first = marks[0];
  if (first === undefined) return { firstTickMs: 0, periodMs: reconcileMs };
  const points = marks.map((m) => ({
    k: Math.round(((m.t - first.t) * 1000) / reconcileMs),
    t: m.t * 1000,
  }));
  const n = points.length;
  const mk = points.reduce((sum, p) => sum + p.k, 0) / n;
  const mt = points.reduce((sum, p) => sum + p.t, 0) / n;
  let cov = 0;
  let vk = 0;
  for (const p of points) {
    cov += (p.k - mk) * (p.t - mt);
    vk += (p.k - mk) ** 2;
  }
  const periodMs = vk > 0 ? cov / vk : reconcileMs;
  const at0 = mt - periodMs * mk;
  return { firstTickMs: at0 - periodMs * Math.floor(at0 / periodMs), periodMs };
}

/**
 * The dispatch delay alone: the waits of tasks that arrived while a worker in rotation had
 * a free slot, so nothing but the submit's journal write and the dispatcher's turn stood
 * between arrival and start. Slots in use are rebuilt from the tasks' start and finish
 * times, rotation from the workers' ready and draining times.
 */
export function delaySamples(real: RealReplay, slots: number): TimedSamples {
  // Changes of free slots over time: +slots when a worker enters rotation, −slots when it
  // leaves, −1 while a task runs on a worker in rotation. Rotation is what the dispatcher
  // uses; a draining worker's tasks no longer hold slots it could give out.
  const changes: { t: number; d: number }[] = [];
  const rotation = new Map<string, [number, number]>();
  for (const w of real.workers) {
    if (w.readyAt === undefined) continue;
    const out = w.drainingAt ?? w.stoppedAt ?? Infinity;
    rotation.set(w.id, [w.readyAt, out]);
    changes.push({ t: w.readyAt, d: slots }, { t: out, d: -slots });
  }
  for (const task of real.tasks) {
    const span = task.workerId === undefined ? undefined : rotation.get(task.workerId);
    if (!span || task.startedAt === undefined || task.finishedAt === undefined) continue;
    const from = Math.max(task.startedAt, span[0]);
    const to = Math.min(task.finishedAt, span[1]);
    if (to > from) changes.push({ t: from, d: -1 }, { t: to, d: 1 });
  }
  const sortedChanges = changes.toSorted((a, b) => a.t - b.t);
  const arrivals = real.tasks
    .filter((t) => t.startedAt !== undefined)
    .toSorted((a, b) => a.createdAt - b.createdAt);
  const seen: [number, number][] = [];
  let free = 0;
  let k = 0;
  for (const { createdAt, startedAt } of arrivals) {
    for (let c = sortedChanges[k]; c !== undefined && c.t <= createdAt; c = sortedChanges[k]) {
      free += c.d;
      k++;
    }
    if (free <= 0 || startedAt === undefined) continue;
    seen.push([createdAt - real.t0, startedAt - createdAt]);
  }
  return timed(seen);
}

/**
 * The simulator draws start latencies uniformly from a range: the range with the measured
 * mean and standard deviation (a uniform's half-width is sd·√3), kept within the measured
 * extremes. Worked example: starts of 500, 600 and 1300 ms have mean 800 and sd 356, so the
 * range is 800 ± 616 → 500..1300 once clipped.
 */
export function uniformLike(samples: readonly number[]): StartLatency {
  if (samples.length === 0) return { minMs: 0, maxMs: 0 };
  const m = mean(samples);
  let square = 0;
  for (const v of samples) square += (v - m) ** 2;
  const half = Math.sqrt(square / samples.length) * Math.sqrt(3);
  return {
    minMs: Math.max(Math.min(...samples), m - half),
    maxMs: Math.min(Math.max(...samples), m + half),
  };
}

/** Cost and waits of the real run, over [t0, tEnd] as the simulator counts them. */
export function realSide(real: RealReplay, workload: Workload): SideFigures {
  const { t0, tEnd } = real;
  let costMs = 0;
  let coldStarts = 0;
  const edges: { t: number; d: number }[] = [];
  for (const w of real.workers) {
    const from = Math.max(t0, w.startedAt);
    const to = Math.min(tEnd, w.stoppedAt ?? tEnd);
    if (to > from) costMs += to - from;
    if (w.startedAt >= t0 && w.startedAt < tEnd) coldStarts++;
    // Counted as the simulator counts its peak: every worker not yet stopped.
    if (to > from) edges.push({ t: from, d: 1 }, { t: to, d: -1 });
  }
  let live = 0;
  let peakWorkers = 0;
  for (const e of edges.toSorted((a, b) => a.t - b.t || a.d - b.d)) {
    live += e.d;
    peakWorkers = Math.max(peakWorkers, live);
  }
  const waits = Float64Array.from(
    real.tasks
      .filter((t) => t.startedAt !== undefined)
      .map((t) => (t.startedAt as number) - t.createdAt),
  ).toSorted();
  return {
    tasks: workload.arrivals.length,
    completed: real.tasks.filter((t) => t.state === 'succeeded').length,
    workerSeconds: costMs / 1000,
    waitP50Ms: quantile(waits, 0.5),
    waitP95Ms: quantile(waits, 0.95),
    waitP99Ms: quantile(waits, 0.99),
    peakWorkers,
    coldStarts,
    scaleActions: real.scaleActions,
  };
}

function simSide(sim: SimResult): SideFigures {
  const f = sim.figures;
  return {
    tasks: f.tasks,
    completed: f.completed,
    workerSeconds: f.workerSeconds,
    waitP50Ms: f.waitP50Ms,
    waitP95Ms: f.waitP95Ms,
    waitP99Ms: f.waitP99Ms,
    peakWorkers: f.peakWorkers,
    coldStarts: f.coldStarts,
    scaleActions: f.scaleActions,
  };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function ratio(sim: number, real: number): number {
  if (real === 0) return sim === 0 ? 0 : Number.POSITIVE_INFINITY;
  return sim / real - 1;
}
