import type { PolicyName, PolicyParams } from '../../shared/scaling';

export type {
  SimFigures,
  SimResult,
  SimScaleMark as ScaleMark,
  SimSeriesPoint as SeriesPoint,
} from '../../shared/api/contract/sim';

/** Worker start latency: a fixed time, or uniform between two bounds (ms). */
export interface StartLatency {
  minMs: number;
  maxMs: number;
}

/** Everything one simulated run depends on besides the workload. */
export interface SimConfig {
  policy: PolicyName;
  params: PolicyParams;
  seed: number;
  /** Wait objective: a task should start within this many ms of arriving. */
  sloMs: number;
  startLatency: StartLatency;
  slotsPerWorker: number;
  minWorkers: number;
  maxWorkers: number;
  /** Autoscaler reconcile period (the engine's default is 1 s). */
  reconcileMs: number;
  /**
   * When the first reconcile tick falls (ms from the start; default 0). The engine's ticks
   * keep their own phase against the arrivals, which decides how late a burst is first seen.
   */
  firstTickMs?: number;
  /** Points in the downsampled time series (for charts). */
  seriesPoints: number;
  /**
   * Time each task holds its slot beyond its run time (ms): the engine's lease write, the
   * push and the answer around the worker's work. A task dispatched at t gets the value
   * observed last at or before t (as measured by `gantry sim --real`); none: 0.
   */
  dispatchOverhead?: TimedSamples;
  /**
   * Time from a task's arrival until the dispatcher may hand it out (ms): the submit's
   * journal write and the dispatcher's turn. Looked up at the arrival like the overhead;
   * the queue stays FIFO (a later task does not pass one still within its delay). None: 0.
   */
  dispatchDelay?: TimedSamples;
}

/**
 * A quantity measured over a real run, replayed at the times it was seen: `values[i]` was
 * observed `atMs[i]` ms from the start, ascending. Keeping the times keeps the bursts: an
 * engine stall slows every task in flight at that moment, not tasks spread over the run.
 */
export interface TimedSamples {
  atMs: readonly number[];
  values: readonly number[];
}

/** The tasks to replay: arrival and run times in ms, sorted by arrival. */
export interface Workload {
  name: string;
  about: string;
  arrivals: Float64Array;
  durations: Float64Array;
  /** Length of the recorded period (ms); the run lasts at least this long. */
  periodMs: number;
}
