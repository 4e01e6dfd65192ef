import type { Rng } from '../../shared/random';
import type { BinnedTrace } from '../../shared/traces';

import { SIM_SHAPES } from '../../shared/api/contract/sim';
import type { SimShape } from '../../shared/api/contract/sim';

/** The built-in workload shapes of `gantry sim --shape`. */
export const SHAPE_NAMES = SIM_SHAPES;
export type ShapeName = SimShape;

/** A generated trace and, for shapes that imply one, the task run time it is meant for. */
export interface Shape {
  trace: BinnedTrace;
  /** Run time (ms) the shape is built around when the caller names none. */
  workMs?: number;
  about: string;
}

/**
 * Per-second arrival counts, each drawn from a Poisson distribution around the shape's
 * rate (real arrivals are never perfectly even). Rates are chosen so that, with 2 s tasks
 * and 4 slots per worker, the pool moves between a few and a few dozen workers.
 */
export function buildShape(name: ShapeName, rng: Rng): Shape {
  const shape = (seconds: number, rate: (s: number) => number, about: string): Shape => {
    const counts: number[] = [];
    for (let s = 0; s < seconds; s++) counts.push(poisson(rng, Math.max(0, rate(s))));
    return { trace: { kind: 'binned', binS: 1, counts }, about };
  };

  switch (name) {
    case 'step':
      // 10 minutes at 2/s, then 10 minutes at 20/s: one sustained jump.
      return shape(1200, (s) => (s < 600 ? 2 : 20), 'a jump from 2/s to 20/s after 10 minutes');
    case 'spike':
      // A one-minute burst at 15× the base, twice.
      return shape(
        1800,
        (s) => (inRange(s, 600, 660) || inRange(s, 1200, 1260) ? 45 : 3),
        '3/s with two one-minute spikes to 45/s',
      );
    case 'diurnal':
      // Three compressed "days" of 20 minutes: smooth sine between 1/s and 25/s.
      return shape(
        3600,
        (s) => 13 - 12 * Math.cos((2 * Math.PI * s) / 1200),
        'three 20-minute cycles between 1/s and 25/s',
      );
    case 'onoff':
      // Second-scale bursts: 10 s at 30/s, 20 s off.
      return shape(1800, (s) => (s % 30 < 10 ? 30 : 0), 'bursts of 30/s for 10 s every 30 s');
    case 'ramp':
      // A slow climb from 0 to 30/s over 30 minutes, then back down.
      return shape(
        3600,
        (s) => 30 * (s < 1800 ? s / 1800 : (3600 - s) / 1800),
        'a 30-minute climb to 30/s and back',
      );
    case 'flash-crowd':
      // Quiet, then a sudden 40× crowd that decays over five minutes.
      return shape(
        1800,
        (s) => (s < 600 ? 1 : 1 + 40 * Math.exp(-(s - 600) / 300)),
        '1/s, then a sudden crowd at 41/s decaying over 5 minutes',
      );
    case 'sparse-long-tasks':
      // One task every ~3 minutes, each running 90 s: scale to zero and back, repeatedly.
      return {
        ...shape(3600, () => 1 / 180, 'one 90 s task every 3 minutes on average'),
        workMs: 90_000,
      };
  }
}

/** A Poisson draw: multiplication for small means, a rounded normal for large ones. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 60) {
    const u = Math.max(Number.MIN_VALUE, rng());
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng();
  while (product > limit) {
    k++;
    product *= rng();
  }
  return k;
}

function inRange(s: number, from: number, to: number): boolean {
  return s >= from && s < to;
}
