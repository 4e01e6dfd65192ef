import type { Rng } from '../../shared/random';

/** Percentile points of one function's run time, in ms, with its share of invocations. */
interface FunctionCurve {
  weight: number;
  /** Run time (ms) at each of `QUANTILES`. */
  points: number[];
}

/** The quantiles the Azure durations file records: p0, p1, p25, p50, p75, p99, p100. */
const QUANTILES = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1];
const COLUMNS = ['p0_ms', 'p1_ms', 'p25_ms', 'p50_ms', 'p75_ms', 'p99_ms', 'p100_ms'];

/** A source of task run times in ms. */
export type DurationModel = (rng: Rng) => number;

/** Every task runs `ms`. */
export function fixedDurations(ms: number): DurationModel {
  return () => ms;
}

/**
 * Reads a durations CSV in the Azure Functions 2019 layout (`count` and `p0_ms` … `p100_ms`
 * columns) into a model: pick a function with probability proportional to its invocation
 * count, then a run time from its percentile curve (linear between the recorded points).
 */
export function parseDurations(csv: string, source = 'durations'): DurationModel {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const countAt = header.indexOf('count');
  const at = COLUMNS.map((c) => header.indexOf(c));
  if (countAt < 0 || at.some((i) => i < 0)) {
    throw new Error(`${source}: expected columns count, ${COLUMNS.join(', ')}`);
  }

  const curves: FunctionCurve[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const weight = Number(cells[countAt]);
    const points = at.map((k) => Number(cells[k]));
    if (
      !Number.isFinite(weight) ||
      weight < 0 ||
      points.some((v) => !Number.isFinite(v) || v < 0)
    ) {
      throw new Error(`${source}:${i + 2}: count and percentiles must be non-negative numbers`);
    }
    // Percentiles are recorded rounded; keep the curve monotone so interpolation is sane.
    for (let k = 1; k < points.length; k++)
      points[k] = Math.max(points[k] ?? 0, points[k - 1] ?? 0);
    if (weight > 0) curves.push({ weight, points });
  });
  if (curves.length === 0) throw new Error(`${source}: no function with a positive count`);

  const cumulative: number[] = [];
  let total = 0;
  for (const c of curves) {
    total += c.weight;
    cumulative.push(total);
  }
  return (rng) => {
    const pick = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > pick) hi = mid;
      else lo = mid + 1;
    }
    return fromCurve((curves[lo] as FunctionCurve).points, rng());
  };
}

function fromCurve(points: number[], u: number): number {
  for (let k = 1; k < QUANTILES.length; k++) {
    const q1 = QUANTILES[k] as number;
    if (u <= q1) {
      const q0 = QUANTILES[k - 1] as number;
      const v0 = points[k - 1] as number;
      const v1 = points[k] as number;
      return v0 + ((u - q0) / (q1 - q0)) * (v1 - v0);
    }
  }
  return points.at(-1) ?? 0;
}
