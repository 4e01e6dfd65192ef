import type { Trace } from './types';

/**
 * The part of a trace from bin `fromBin` (inclusive) to `toBin` (exclusive), re-based to
 * start at 0. A task list has no bins of its own: its bins are seconds.
 */
export function sliceBins(t: Trace, fromBin: number, toBin: number): Trace {
  const from = Math.max(0, Math.floor(fromBin));
  const to = Math.max(from, Math.floor(toBin));
  if (t.kind === 'binned') return { ...t, counts: t.counts.slice(from, to) };
  return {
    kind: 'tasks',
    tasks: t.tasks
      .filter((task) => task.arrivalS >= from && task.arrivalS < to)
      .map((task) => ({ ...task, arrivalS: task.arrivalS - from })),
  };
}

/**
 * Multiplies the arrivals by `factor` (>= 0). Binned counts are multiplied and may become
 * fractional (`arrivalTimes` rounds them at random). A task list keeps floor(n * factor)
 * tasks, spread evenly: task i is emitted floor((i+1)f) - floor(i f) times, so 0.5 keeps
 * every other task and 2 doubles each one, without needing a random source.
 */
export function scaleTrace(t: Trace, factor: number): Trace {
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`scale must be a non-negative number, got ${factor}`);
  }
  if (t.kind === 'binned') return { ...t, counts: t.counts.map((c) => c * factor) };
  const tasks: typeof t.tasks = [];
  t.tasks.forEach((task, i) => {
    const copies = Math.floor((i + 1) * factor + 1e-9) - Math.floor(i * factor + 1e-9);
    for (let k = 0; k < copies; k++) tasks.push({ ...task });
  });
  return { kind: 'tasks', tasks };
}

/** Length of the recorded period in seconds: all bins, or up to the last arrival. */
export function traceDurationS(t: Trace): number {
  if (t.kind === 'binned') return t.counts.length * t.binS;
  return t.tasks.at(-1)?.arrivalS ?? 0;
}

/** Total arrivals (fractional for a scaled binned trace). */
export function traceTotal(t: Trace): number {
  if (t.kind === 'tasks') return t.tasks.length;
  let sum = 0;
  for (const c of t.counts) sum += c;
  return sum;
}

/**
 * Arrival times in seconds from the start, ascending. A binned trace records only how many
 * arrivals fell in each bin, so each is placed uniformly at random inside its bin; a
 * fractional count c becomes floor(c) or floor(c) + 1 arrivals with mean c.
 */
export function arrivalTimes(t: Trace, rng: () => number): number[] {
  const times: number[] = [];
  for (const arrival of traceArrivals(t, rng)) times.push(arrival.arrivalS);
  return times;
}

/**
 * The arrivals of `arrivalTimes` one at a time, with the recorded duration when the trace
 * has one; memory stays at one bin however long the trace.
 */
export function* traceArrivals(
  t: Trace,
  rng: () => number,
): Generator<{ arrivalS: number; durationS?: number }> {
  if (t.kind === 'tasks') {
    yield* t.tasks;
    return;
  }
  const inBin: number[] = [];
  for (let bin = 0; bin < t.counts.length; bin++) {
    const count = t.counts[bin] ?? 0;
    const whole = Math.floor(count);
    const n = whole + (rng() < count - whole ? 1 : 0);
    inBin.length = 0;
    for (let k = 0; k < n; k++) inBin.push((bin + rng()) * t.binS);
    inBin.sort((a, b) => a - b);
    for (const arrivalS of inBin) yield { arrivalS };
  }
}
