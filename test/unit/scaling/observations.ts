import type { Decision, Limits, Observation, Policy } from '../../../src/shared/scaling';

/** An observation at `now` (ms) with sensible defaults: 4 slots, nothing going on. */
export function obs(
  now: number,
  fields: Partial<Observation> & { ready?: number; starting?: number } = {},
): Observation {
  const { ready = 0, starting = 0, ...rest } = fields;
  return {
    now,
    queued: 0,
    scheduled: 0,
    inflight: 0,
    arrivals: 0,
    completions: 0,
    intervalMs: 1000,
    oldestWaitMs: 0,
    workers: { starting, ready, draining: 0 },
    slotsPerWorker: 4,
    ...rest,
  };
}

export const LIMITS: Limits = { minWorkers: 0, maxWorkers: 100 };

/**
 * Drives a policy through observations, threading its state, and feeding back its decision
 * as the next pool size (the pool is assumed to follow instantly: every worker ready).
 */
export function drive<S>(
  policy: Policy<S>,
  steps: {
    now: number;
    queued?: number;
    inflight?: number;
    arrivals?: number;
    meanServiceMs?: number;
  }[],
  start = 0,
  limits: Limits = LIMITS,
): Decision[] {
  let state = policy.initialState();
  let workers = start;
  const out: Decision[] = [];
  for (const step of steps) {
    const { decision, state: next } = policy.decide(
      obs(step.now, { ...step, ready: workers }),
      limits,
      state,
    );
    state = next;
    workers = decision.desired;
    out.push(decision);
  }
  return out;
}

/** `count` steps one second apart from `from` ms, each built by `f(i)`. */
export function seconds<T>(count: number, f: (i: number) => T, from = 0): (T & { now: number })[] {
  return Array.from({ length: count }, (_, i) => ({ ...f(i), now: from + i * 1000 }));
}
