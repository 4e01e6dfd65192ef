import { exponential, type Rng } from '../../shared/random';
import { scaleTrace, traceArrivals, traceDurationS, type Trace } from '../../shared/traces';
import type { TrafficProfile } from '../../shared/traffic';

/** One task to submit, `atS` seconds after the run started. */
export interface Arrival {
  atS: number;
  /** Simulated work for this task (from a trace's recorded duration), else the profile's. */
  workMs?: number;
}

/** When a traffic run submits its tasks. Pure: no clock, no I/O. */
export interface Schedule {
  /** Run length in seconds. */
  durationS: number;
  /** Target rate (tasks/s) at `tS` seconds into the run. */
  rateAt(tS: number): number;
  /** Arrival times, ascending, generated lazily (a week at 10k/s never sits in memory). */
  arrivals(): Iterator<Arrival>;
}

export interface ScheduleOptions {
  /** The parsed trace, for the `trace` shape (the caller reads the file). */
  trace?: Trace;
  /** Random source: spreads binned trace counts; drives `poisson` arrivals. */
  rng?: Rng;
  /**
   * `paced` (default) spaces arrivals evenly along the rate, so counts per interval match
   * the profile within one; `poisson` draws them as a Poisson process of that rate.
   */
  arrivals?: 'paced' | 'poisson';
}

/** Integration step of the rate curves: fine enough that breakpoints land within 10 ms. */
const STEP_S = 0.01;

/**
 * The schedule of a profile. Defaults for knobs left out: step at half time to twice the
 * rate; spike of five times the rate during a tenth of the run starting at a third; sine
 * of amplitude rate/2 and one period over the run; on/off of 10 s on at `peakRate` (or
 * `rate`) then `offS` (default: as long as on) at zero, starting on.
 */
export function buildSchedule(profile: TrafficProfile, options: ScheduleOptions = {}): Schedule {
  const rng = options.rng ?? Math.random;
  if (profile.shape === 'trace') return traceSchedule(profile, options.trace, rng);

  const rateAt = shapeRate(profile);
  const durationS = profile.durationS;
  const thresholds = () =>
    options.arrivals === 'poisson' ? () => exponential(rng, 1) : pacedThresholds();
  return {
    durationS,
    rateAt,
    arrivals: () => fromRate(rateAt, durationS, thresholds(), profile.workMs),
  };
}

/** The rate curve of a synthetic shape, tasks/s at `tS`. */
export function shapeRate(profile: TrafficProfile): (tS: number) => number {
  const { rate, durationS } = profile;
  switch (profile.shape) {
    case 'constant':
      return () => rate;
    case 'step': {
      const at = profile.atS ?? durationS / 2;
      const after = profile.peakRate ?? rate * 2;
      return (t) => (t < at ? rate : after);
    }
    case 'spike': {
      const at = profile.atS ?? durationS / 3;
      const length = profile.periodS ?? Math.max(1, durationS / 10);
      const peak = profile.peakRate ?? rate * 5;
      return (t) => (t >= at && t < at + length ? peak : rate);
    }
    case 'sine': {
      const amplitude = profile.peakRate ?? rate / 2;
      const period = profile.periodS ?? durationS;
      return (t) => Math.max(0, rate + amplitude * Math.sin((2 * Math.PI * t) / period));
    }
    case 'onoff': {
      const on = profile.periodS ?? 10;
      const off = profile.offS ?? on;
      const peak = profile.peakRate ?? rate;
      return (t) => (t % (on + off) < on ? peak : 0);
    }
    case 'trace':
      throw new Error('a trace has no rate formula; use buildSchedule');
  }
}

/** Thresholds of paced arrivals: the first after half an interval, then one per interval. */
function pacedThresholds(): () => number {
  let first = true;
  return () => {
    if (!first) return 1;
    first = false;
    return 0.5;
  };
}

/**
 * Arrivals of a rate curve. The integral of the rate is a count; an arrival falls where it
 * crosses the next threshold (1 each for paced, Exp(1) draws for a Poisson process, which
 * is the time-change construction of a non-homogeneous Poisson process). Worked example:
 * 10/s constant, paced: thresholds 0.5, 1, 1, … are reached at 0.05 s, 0.15 s, 0.25 s, …,
 * so [0, 1) holds exactly 10.
 */
function* fromRate(
  rateAt: (tS: number) => number,
  durationS: number,
  nextThreshold: () => number,
  workMs: number | undefined,
): Generator<Arrival> {
  let owed = nextThreshold();
  const steps = Math.ceil(durationS / STEP_S);
  for (let i = 0; i < steps; i++) {
    const start = i * STEP_S;
    const end = Math.min(durationS, start + STEP_S);
    const rate = rateAt((start + end) / 2);
    if (rate <= 0) continue;
    let t = start;
    let mass = rate * (end - start);
    while (owed <= mass) {
      t += owed / rate;
      mass -= owed;
      if (t >= durationS) return;
      yield { atS: t, workMs };
      owed = nextThreshold();
    }
    owed -= mass;
  }
}

function traceSchedule(profile: TrafficProfile, trace: Trace | undefined, rng: Rng): Schedule {
  if (!trace) throw new Error('the trace shape needs a parsed trace');
  const speed = profile.speed ?? 1;
  const scaled = scaleTrace(trace, profile.scale ?? 1);
  const durationS = Math.min(profile.durationS, traceDurationS(scaled) / speed);
  const perSecond = recordedRate(scaled);

  return {
    durationS,
    rateAt: (t) => perSecond(t * speed) * speed,
    *arrivals() {
      for (const { arrivalS, durationS: recorded } of traceArrivals(scaled, rng)) {
        const atS = arrivalS / speed;
        // A task list's length ends at its last arrival: that arrival belongs to the run.
        if (atS > durationS) return;
        // A recorded run time is compressed like the clock, so the replay keeps the trace's
        // ratio of offered work to capacity.
        const workMs = recorded === undefined ? profile.workMs : (recorded * 1000) / speed;
        yield { atS, workMs };
      }
    },
  };
}

/** Recorded arrivals per second at a recorded time (a task list is counted per second). */
function recordedRate(trace: Trace): (recordedS: number) => number {
  if (trace.kind === 'binned') {
    const { counts, binS } = trace;
    return (s) => (counts[Math.floor(s / binS)] ?? 0) / binS;
  }
  // A map, not an array: a task list may start at any recorded second.
  const counts = new Map<number, number>();
  for (const task of trace.tasks) {
    const second = Math.floor(task.arrivalS);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  return (s) => counts.get(Math.floor(s)) ?? 0;
}
