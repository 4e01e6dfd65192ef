import type {
  Clamp,
  Decision,
  Limits,
  Observation,
  Policy,
  PolicyName,
  PolicyParams,
} from './types';

/** starting + ready: the workers a policy counts as the pool. */
export function currentWorkers(obs: Observation): number {
  return obs.workers.starting + obs.workers.ready;
}

/**
 * Follows a recommendation through the clamps that may change it, recording each one that
 * does. Clamps that leave the value unchanged are not recorded, so `clamps` reads as "what
 * overrode the policy".
 */
export class ClampChain {
  readonly clamps: Clamp[] = [];

  constructor(public value: number) {}

  apply(name: string, after: number, detail: string): void {
    if (after === this.value) return;
    this.clamps.push({ name, before: this.value, after, detail });
    this.value = after;
  }
}

/**
 * The clamps every policy ends with: the pool bounds, then scale-from-zero (a backlog with no
 * worker always gets one, whatever a cooldown or window says; max is at least 1).
 */
export function applyBounds(chain: ClampChain, obs: Observation, limits: Limits): void {
  const current = currentWorkers(obs);
  if (chain.value > limits.maxWorkers) {
    chain.apply('max', limits.maxWorkers, `maxWorkers is ${limits.maxWorkers}`);
  }
  if (chain.value < limits.minWorkers) {
    chain.apply('min', limits.minWorkers, `minWorkers is ${limits.minWorkers}`);
  }
  if (current === 0 && chain.value === 0 && obs.queued > 0 && limits.maxWorkers > 0) {
    chain.apply('from-zero', 1, `${obs.queued} queued with no worker: start one now`);
  }
}

/** Assembles the decision; `why` explains the raw recommendation, clamps are appended. */
export function finishDecision(
  policy: PolicyName,
  obs: Observation,
  raw: number,
  chain: ClampChain,
  why: string,
  inputs: Record<string, number>,
): Decision {
  const current = currentWorkers(obs);
  const desired = chain.value;
  const action = desired > current ? 'up' : desired < current ? 'down' : 'none';
  const verdict =
    action === 'none'
      ? `keep ${current}`
      : `${action === 'up' ? 'scale up' : 'scale down'} ${current} → ${desired}`;
  const held = chain.clamps.map((c) => `${c.name}: ${c.detail}`).join('; ');
  const reason = `${verdict}: ${why}${held === '' ? '' : ` (${held})`}`;
  return {
    at: obs.now,
    policy,
    current,
    raw,
    desired,
    clamps: chain.clamps,
    action,
    reason,
    inputs,
  };
}

/**
 * What a policy's rule computes before the decision is assembled: the raw recommendation,
 * the clamps it went through (bounds included), why, the inputs it used and its next state.
 * `predictive` reuses the `target` and `window` rules through it.
 */
export interface Recommendation<S> {
  raw: number;
  chain: ClampChain;
  why: string;
  inputs: Record<string, number>;
  state: S;
}

/**
 * A policy made of a rule that yields a `Recommendation`: each decision is assembled from
 * it, then `settle` may record the action taken (a signed change in workers) in the state.
 */
export function recommendingPolicy<S>(
  name: PolicyName,
  params: PolicyParams,
  initialState: () => S,
  recommend: (obs: Observation, limits: Limits, state: S) => Recommendation<S>,
  settle: (state: S, now: number, change: number) => S = (state) => state,
): Policy<S> {
  return {
    name,
    params,
    initialState,
    decide(obs, limits, state) {
      const rec = recommend(obs, limits, state);
      const decision = finishDecision(name, obs, rec.raw, rec.chain, rec.why, rec.inputs);
      return { decision, state: settle(rec.state, obs.now, decision.desired - decision.current) };
    },
  };
}

/** Rounds for display in reasons (two decimals at most). */
export function fmt(value: number): string {
  // Called on every decision: plain arithmetic, no regex.
  return String(Math.round(value * 100) / 100);
}
