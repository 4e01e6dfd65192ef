import { GantryError } from '../api/errors';
import { ClampChain, applyBounds, currentWorkers, fmt, recommendingPolicy } from './decision';
import type { Recommendation } from './decision';
import { mean, pushWindow, within } from './history';
import type { Sample } from './history';
import { num, registerSpecs, resolveParams } from './params';
import type { ParamSpec } from './params';
import type { Limits, Observation, Policy, PolicyParams } from './types';

/** Knobs of `window`. Defaults follow Knative's autoscaler (KPA) defaults. */
export const WINDOW_SPECS: readonly ParamSpec[] = registerSpecs([
  {
    name: 'stableWindowMs',
    type: 'number',
    default: 60_000,
    min: 6000,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Concurrency is averaged over this window to decide in stable mode.',
  },
  {
    name: 'panicWindowMs',
    type: 'number',
    default: 6000,
    min: 1000,
    max: 600_000,
    unit: 'ms',
    doc: 'The short window watched for bursts (must not exceed the stable window).',
  },
  {
    name: 'targetUtilization',
    type: 'number',
    default: 0.7,
    min: 0.05,
    max: 1,
    unit: 'ratio',
    doc: 'Share of the task slots the pool aims to keep busy; the rest absorbs bursts.',
  },
  {
    name: 'panicThreshold',
    type: 'number',
    default: 2,
    min: 1,
    max: 100,
    unit: 'ratio',
    doc: 'Panic when the panic-window desire reaches this multiple of the current pool.',
  },
  {
    name: 'maxScaleUpRate',
    type: 'number',
    default: 1000,
    min: 1,
    max: 100_000,
    unit: 'ratio',
    doc: 'One decision grows the pool to at most this multiple of its size.',
  },
  {
    name: 'maxScaleDownRate',
    type: 'number',
    default: 2,
    min: 1,
    max: 100_000,
    unit: 'ratio',
    doc: 'One decision shrinks the pool to no less than its size divided by this.',
  },
  {
    name: 'scaleToZeroGraceMs',
    type: 'number',
    default: 30_000,
    min: 0,
    max: 3_600_000,
    unit: 'ms',
    doc: 'The last worker stops only after wanting zero workers for this long.',
  },
]);

/** Concurrency samples, and the panic bookkeeping. */
export interface WindowState {
  samples: Sample[];
  /** When the panic threshold was last reached (null when not panicking). */
  panicSince: number | null;
  /** Highest desire while panicking: panic never scales down. */
  panicPeak: number;
  /** When the stable desire was last above zero (for the scale-to-zero grace). */
  lastNonZeroAt: number | null;
}

/** Most samples kept: one per second over an hour-long stable window. */
const CAP = 3600;

/**
 * Knative-style concurrency autoscaling. Observed concurrency (running + queued) is averaged
 * over a 60 s stable window and a 6 s panic window; desired = ceil(average / (slots × target
 * utilization)). Worked example, 4 slots at 0.7: a burst lifts the 6 s average to 28 while
 * the 60 s average is still 5, so the panic desire is ceil(28 / 2.8) = 10 against a stable
 * desire of 2. With 3 workers, 10 ≥ 2 × 3 starts panic mode: the pool goes to 10 at once and
 * does not shrink until the burst has been over for a full stable window.
 */
export function createWindow(given: PolicyParams): Policy<WindowState> {
  const params = resolveParams('window', WINDOW_SPECS, given);
  const knobs = windowKnobs('window', params);
  return recommendingPolicy('window', params, initialWindowState, (obs, limits, state) =>
    recommendWindow(knobs, obs, limits, state),
  );
}

export function initialWindowState(): WindowState {
  return { samples: [], panicSince: null, panicPeak: 0, lastNonZeroAt: null };
}

/** The window knobs, read once. */
export interface WindowKnobs {
  stableWindowMs: number;
  panicWindowMs: number;
  targetUtilization: number;
  panicThreshold: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  scaleToZeroGraceMs: number;
}

/** Reads the window knobs from resolved params, checking the panic window fits the stable one. */
export function windowKnobs(policy: string, params: PolicyParams): WindowKnobs {
  const k: WindowKnobs = {
    stableWindowMs: num(params, 'stableWindowMs'),
    panicWindowMs: num(params, 'panicWindowMs'),
    targetUtilization: num(params, 'targetUtilization'),
    panicThreshold: num(params, 'panicThreshold'),
    maxScaleUpRate: num(params, 'maxScaleUpRate'),
    maxScaleDownRate: num(params, 'maxScaleDownRate'),
    scaleToZeroGraceMs: num(params, 'scaleToZeroGraceMs'),
  };
  if (k.panicWindowMs > k.stableWindowMs) {
    throw new GantryError(
      'invalid_input',
      `${policy}.panicWindowMs must not exceed stableWindowMs`,
      {
        field: 'params.panicWindowMs',
      },
    );
  }
  return k;
}

/** The window computation with every clamp applied, bounds included. */
export function recommendWindow(
  k: WindowKnobs,
  obs: Observation,
  limits: Limits,
  state: WindowState,
): Recommendation<WindowState> {
  const current = currentWorkers(obs);
  const slots = Math.max(1, obs.slotsPerWorker);
  const perWorker = slots * k.targetUtilization;
  const concurrency = obs.inflight + obs.queued;
  const samples = pushWindow(
    state.samples,
    { at: obs.now, value: concurrency },
    k.stableWindowMs,
    CAP,
  );
  const stableAvg = mean(samples);
  const panicAvg = mean(within(samples, obs.now, k.panicWindowMs));
  const stableWant = Math.ceil(stableAvg / perWorker);
  const panicWant = Math.ceil(panicAvg / perWorker);

  // Panic is judged against the pool that exists (at least 1, so a cold pool can panic).
  let panicSince = state.panicSince;
  const overThreshold = panicWant / Math.max(1, current) >= k.panicThreshold;
  // Each tick over the threshold restarts the clock: panic ends a stable window after the last.
  if (overThreshold) panicSince = obs.now;
  else if (panicSince !== null && obs.now - panicSince >= k.stableWindowMs) panicSince = null;
  const panicking = panicSince !== null;

  const raw = panicking ? panicWant : stableWant;
  const why = panicking
    ? `panic: ${fmt(panicAvg)} tasks over ${fmt(k.panicWindowMs / 1000)} s / ${fmt(perWorker)} per worker`
    : `${fmt(stableAvg)} tasks over ${fmt(k.stableWindowMs / 1000)} s / ${fmt(perWorker)} per worker`;
  const chain = new ClampChain(raw);

  // Rates are relative to the pool that exists, at least 1 so an empty pool can grow.
  const upLimit = Math.ceil(k.maxScaleUpRate * Math.max(1, current));
  if (chain.value > upLimit)
    chain.apply('rate-up', upLimit, `at most ×${fmt(k.maxScaleUpRate)} per decision`);
  const downLimit = Math.floor(current / k.maxScaleDownRate);
  if (chain.value < downLimit)
    chain.apply('rate-down', downLimit, `at most ÷${fmt(k.maxScaleDownRate)} per decision`);

  let panicPeak = panicking ? Math.max(state.panicPeak, chain.value, current) : 0;
  if (panicking && chain.value < panicPeak) {
    chain.apply(
      'panic',
      panicPeak,
      `no scale-down while panicking (last trigger ${fmt((obs.now - (panicSince ?? obs.now)) / 1000)} s ago)`,
    );
  }
  if (!panicking) panicPeak = 0;

  const lastNonZeroAt = stableWant > 0 || panicWant > 0 ? obs.now : state.lastNonZeroAt;
  const idleFor = lastNonZeroAt === null ? Infinity : obs.now - lastNonZeroAt;
  if (chain.value === 0 && current > 0 && idleFor < k.scaleToZeroGraceMs) {
    chain.apply(
      'grace',
      1,
      `idle ${fmt(idleFor / 1000)} s of the ${fmt(k.scaleToZeroGraceMs / 1000)} s grace`,
    );
  }
  applyBounds(chain, obs, limits);

  return {
    raw,
    chain,
    why,
    inputs: {
      concurrency,
      stableAverage: stableAvg,
      panicAverage: panicAvg,
      stableDesired: stableWant,
      panicDesired: panicWant,
      panicking: panicking ? 1 : 0,
      perWorker,
    },
    state: { samples, panicSince, panicPeak, lastNonZeroAt },
  };
}
