import { ClampChain, applyBounds, currentWorkers, fmt, recommendingPolicy } from './decision';
import type { Recommendation } from './decision';
import { pushWindow, within } from './history';
import type { Sample } from './history';
import { num, registerSpecs, resolveParams } from './params';
import type { ParamSpec } from './params';
import type { Limits, Observation, Policy, PolicyParams } from './types';

/** Knobs of `target`. Defaults follow the Kubernetes HPA's documented behaviour. */
export const TARGET_SPECS: readonly ParamSpec[] = registerSpecs([
  {
    name: 'targetPerWorker',
    type: 'number',
    default: 0,
    min: 0,
    max: 1_000_000,
    unit: 'tasks',
    doc: 'Tasks (queued + running) each worker should carry; 0 means one per task slot.',
  },
  {
    name: 'tolerance',
    type: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    unit: 'ratio',
    doc: 'No change while load / (workers × target) is within 1 ± tolerance.',
  },
  {
    name: 'upStabilizationMs',
    type: 'number',
    default: 0,
    min: 0,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Scale up to the lowest recommendation of this window (0 = at once).',
  },
  {
    name: 'downStabilizationMs',
    type: 'number',
    default: 300_000,
    min: 0,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Scale down only to the highest recommendation of this window.',
  },
  rateSpec('upPercent', 100, '%', 'At most this share of the pool added per up period.'),
  rateSpec('upWorkers', 4, 'workers', 'At most this many workers added per up period.'),
  periodSpec('upPeriodMs', 'Period of the scale-up limits; the larger of the two limits applies.'),
  rateSpec('downPercent', 100, '%', 'At most this share of the pool removed per down period.'),
  rateSpec(
    'downWorkers',
    0,
    'workers',
    'At most this many removed per down period (0 = no such limit).',
  ),
  periodSpec(
    'downPeriodMs',
    'Period of the scale-down limits; the larger of the two limits applies.',
  ),
]);

function rateSpec(name: string, def: number, unit: string, doc: string): ParamSpec {
  return { name, type: 'number', default: def, min: 0, max: 100_000, unit, doc };
}

function periodSpec(name: string, doc: string): ParamSpec {
  return { name, type: 'number', default: 15_000, min: 1000, max: 3_600_000, unit: 'ms', doc };
}

/** Recent recommendations (for stabilization) and recent actions (for rate limits). */
export interface TargetState {
  recommendations: Sample[];
  /** Each action: `value` is the signed change in workers. */
  actions: Sample[];
}

/** Most samples kept per list: one per second over the longest window allowed. */
const CAP = 3600;

/**
 * KEDA-style queue-length target tracking with the HPA's behaviour:
 * desired = ceil((queued + running) / targetPerWorker). With 4 slots, 30 queued and 10
 * running on 5 workers: ratio 40 / (5 × 4) = 2 is outside 1 ± 0.1, so raw = 10. Scale-up
 * may add max(100% of 5, 4) = 5 per 15 s, so 10 is allowed; had the queue emptied instead,
 * the 300 s stabilization window would hold the highest recent recommendation.
 */
export function createTarget(given: PolicyParams): Policy<TargetState> {
  const params = resolveParams('target', TARGET_SPECS, given);
  const knobs = targetKnobs(params);
  return recommendingPolicy(
    'target',
    params,
    initialTargetState,
    (obs, limits, state) => recommendTarget(knobs, obs, limits, state),
    (state, now, change) => nextTargetState(knobs, state, now, change),
  );
}

export function initialTargetState(): TargetState {
  return { recommendations: [], actions: [] };
}

/** The target knobs, read once. */
export interface TargetKnobs {
  targetPerWorker: number;
  tolerance: number;
  upStabilizationMs: number;
  downStabilizationMs: number;
  upPercent: number;
  upWorkers: number;
  upPeriodMs: number;
  downPercent: number;
  downWorkers: number;
  downPeriodMs: number;
}

export function targetKnobs(params: PolicyParams): TargetKnobs {
  const k = {} as Record<keyof TargetKnobs, number>;
  for (const spec of TARGET_SPECS) k[spec.name as keyof TargetKnobs] = num(params, spec.name);
  return k;
}

/** The target computation with every clamp applied, bounds included. */
export function recommendTarget(
  k: TargetKnobs,
  obs: Observation,
  limits: Limits,
  state: TargetState,
): Recommendation<TargetState> {
  const current = currentWorkers(obs);
  const slots = Math.max(1, obs.slotsPerWorker);
  const perWorker = k.targetPerWorker > 0 ? k.targetPerWorker : slots;
  const load = obs.queued + obs.inflight;
  const ratio = current === 0 ? Infinity : load / (current * perWorker);
  let raw = Math.ceil(load / perWorker);
  let why = `${load} tasks / ${fmt(perWorker)} per worker = ${raw}`;
  if (current > 0 && Math.abs(ratio - 1) <= k.tolerance) {
    raw = current;
    why = `load ratio ${fmt(ratio)} within tolerance ${fmt(k.tolerance)}`;
  }

  const chain = new ClampChain(raw);
  const longest = Math.max(k.downStabilizationMs, k.upStabilizationMs);
  const recommendations = pushWindow(
    state.recommendations,
    { at: obs.now, value: raw },
    longest,
    CAP,
  );
  if (raw < current) {
    const highest = Math.min(current, maxSince(recommendations, obs.now - k.downStabilizationMs));
    chain.apply(
      'stabilization',
      highest,
      `highest recommendation of the last ${fmt(k.downStabilizationMs / 1000)} s`,
    );
  } else if (raw > current && k.upStabilizationMs > 0) {
    const lowest = Math.max(current, minSince(recommendations, obs.now - k.upStabilizationMs));
    chain.apply(
      'stabilization',
      lowest,
      `lowest recommendation of the last ${fmt(k.upStabilizationMs / 1000)} s`,
    );
  }
  applyRateLimits(chain, current, state.actions, obs.now, k);
  applyBounds(chain, obs, limits);
  return {
    raw,
    chain,
    why,
    inputs: {
      queued: obs.queued,
      inflight: obs.inflight,
      targetPerWorker: perWorker,
      loadRatio: Number.isFinite(ratio) ? ratio : -1,
    },
    state: { recommendations, actions: state.actions },
  };
}

/** Records an action (a signed change in workers) for the rate limits. */
export function nextTargetState(
  k: TargetKnobs,
  state: TargetState,
  now: number,
  change: number,
): TargetState {
  if (change === 0) return state;
  const period = Math.max(k.upPeriodMs, k.downPeriodMs);
  return { ...state, actions: pushWindow(state.actions, { at: now, value: change }, period, CAP) };
}

function maxSince(samples: readonly Sample[], from: number): number {
  let best = -Infinity;
  for (const s of samples) if (s.at > from && s.value > best) best = s.value;
  return best;
}

function minSince(samples: readonly Sample[], from: number): number {
  let best = Infinity;
  for (const s of samples) if (s.at > from && s.value < best) best = s.value;
  return best;
}

/**
 * HPA-style rate limits, measured from the pool size at the start of each period: up to
 * max(percent, workers) added per up period, down to min(percent, workers) removed per down
 * period (the policy allowing the larger change wins).
 */
function applyRateLimits(
  chain: ClampChain,
  current: number,
  actions: readonly Sample[],
  now: number,
  k: TargetKnobs,
): void {
  if (chain.value > current) {
    const added = sum(within(actions, now, k.upPeriodMs), (v) => Math.max(0, v));
    const base = current - added;
    const limit = Math.max(Math.ceil(base * (1 + k.upPercent / 100)), base + k.upWorkers, 1);
    if (chain.value > limit) {
      chain.apply(
        'rate-up',
        Math.max(current, limit),
        `at most ${limit} within ${fmt(k.upPeriodMs / 1000)} s`,
      );
    }
  } else if (chain.value < current) {
    const removed = sum(within(actions, now, k.downPeriodMs), (v) => Math.max(0, -v));
    const base = current + removed;
    const byPercent = Math.floor(base * (1 - k.downPercent / 100));
    const byCount = k.downWorkers > 0 ? base - k.downWorkers : byPercent;
    const limit = Math.max(0, Math.min(byPercent, byCount));
    if (chain.value < limit) {
      chain.apply(
        'rate-down',
        Math.min(current, limit),
        `at least ${limit} within ${fmt(k.downPeriodMs / 1000)} s`,
      );
    }
  }
}

function sum(samples: readonly Sample[], f: (v: number) => number): number {
  let total = 0;
  for (const s of samples) total += f(s.value);
  return total;
}
