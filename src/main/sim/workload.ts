import { mulberry32 } from '../../shared/random';
import { arrivalTimes, scaleTrace, sliceBins, traceDurationS } from '../../shared/traces';
import type { Trace } from '../../shared/traces';
import type { DurationModel } from './durations';
import { buildShape } from './shapes';
import type { ShapeName } from './shapes';
import type { Workload } from './types';

/** Run time of a task when nothing else says (the reference worker's default). */
export const DEFAULT_WORK_MS = 2000;

/** Where the arrivals come from and how long tasks run. */
export interface WorkloadSpec {
  /** A parsed trace file, and the name to report it under. */
  trace?: { name: string; trace: Trace };
  /** A built-in shape (used when no trace is given). */
  shape?: ShapeName;
  /** Multiply arrivals by this factor. */
  scale?: number;
  /** Keep bins [from, to) only. */
  bins?: [number, number];
  /** Fixed run time (ms) of every task. */
  workMs?: number;
  /** Run times drawn from a model (the Azure durations file); wins over `workMs`. */
  durations?: { name: string; model: DurationModel };
}

/**
 * Turns a spec into the tasks to replay, deterministically for a seed. Binned traces place
 * each bin's arrivals uniformly at random inside it (real time: a minute bin lasts a
 * minute). A task list's own run times win over any model; then `--durations`, then
 * `--work-ms`, then the shape's intended run time, then 2 s.
 */
export function buildWorkload(spec: WorkloadSpec, seed: number): Workload {
  const arrivalRng = mulberry32(seed);
  const durationRng = mulberry32((seed ^ 0x9e3779b9) >>> 0);
  let name: string;
  let about: string;
  let trace: Trace;
  let shapeWorkMs: number | undefined;
  if (spec.trace) {
    name = spec.trace.name;
    trace = spec.trace.trace;
    about = '';
  } else {
    const shape = buildShape(spec.shape ?? 'step', mulberry32((seed ^ 0x85ebca6b) >>> 0));
    name = spec.shape ?? 'step';
    trace = shape.trace;
    about = shape.about;
    shapeWorkMs = shape.workMs;
  }
  if (spec.bins) {
    trace = sliceBins(trace, spec.bins[0], spec.bins[1]);
    name = `${name}[${spec.bins[0]}:${spec.bins[1]}]`;
  }
  if (spec.scale !== undefined && spec.scale !== 1) {
    trace = scaleTrace(trace, spec.scale);
    name = `${name}×${spec.scale}`;
  }

  if (spec.trace)
    about =
      trace.kind === 'binned' ? `${trace.counts.length} bins of ${trace.binS} s` : 'task list';
  const times = arrivalTimes(trace, arrivalRng);
  const arrivals = new Float64Array(times.length);
  const durations = new Float64Array(times.length);
  const fixed = spec.workMs ?? shapeWorkMs ?? DEFAULT_WORK_MS;
  for (let i = 0; i < times.length; i++) {
    arrivals[i] = (times[i] as number) * 1000;
    const own = trace.kind === 'tasks' ? trace.tasks[i]?.durationS : undefined;
    durations[i] =
      own !== undefined ? own * 1000 : spec.durations ? spec.durations.model(durationRng) : fixed;
  }
  const runs = spec.durations ? `run times from ${spec.durations.name}` : `${fixed / 1000} s tasks`;
  return {
    name,
    about: `${about}; ${runs}`,
    arrivals,
    durations,
    periodMs: traceDurationS(trace) * 1000,
  };
}
