import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../../src/shared/scaling';
import type { Decision, Policy } from '../../../src/shared/scaling';
import { LIMITS, obs, seconds } from './observations';

/** Drives a policy with arrivals and a pool that follows its decisions instantly. */
function run(
  policy: Policy,
  steps: { now: number; arrivals: number; inflight?: number; queued?: number }[],
  meanServiceMs: number,
  state = policy.initialState(),
): { decisions: Decision[]; state: unknown } {
  let workers = 1;
  const decisions: Decision[] = [];
  for (const step of steps) {
    const r = policy.decide(
      obs(step.now, { ...step, ready: workers, meanServiceMs, startLatencyMs: 5000 }),
      LIMITS,
      state,
    );
    state = r.state;
    workers = r.decision.desired;
    decisions.push(r.decision);
  }
  return { decisions, state };
}

describe('predictive', () => {
  it('provisions for the forecast rate by Little’s law before the load is visible', () => {
    const policy = createPolicy({ name: 'predictive', params: { staffingBeta: 0, headroom: 0 } });
    // 9 tasks/s of 2 s tasks: 18 busy slots, 5 workers, although nothing is running yet.
    const { decisions } = run(
      policy,
      seconds(600, () => ({ arrivals: 9 })),
      2000,
    );
    const last = decisions.at(-1);
    expect(last?.inputs.forecastRate).toBeCloseTo(9, 1);
    expect(last?.raw).toBe(5);
    // Coming down from the trend's overshoot, the deadband may keep one more worker.
    expect(last?.desired).toBeGreaterThanOrEqual(5);
    expect(last?.desired).toBeLessThanOrEqual(6);
  });

  it('never goes below its reactive base', () => {
    const policy = createPolicy({ name: 'predictive', params: { waitObjectiveMs: 0 } });
    const { decisions } = run(
      policy,
      seconds(5, () => ({ arrivals: 0, queued: 40, inflight: 8 })),
      2000,
    );
    for (const d of decisions) {
      expect(d.desired).toBeGreaterThanOrEqual(d.inputs.reactiveDesired ?? 0);
      expect(d.desired).toBe(12);
    }
    expect(decisions[0]?.clamps.map((c) => c.name)).toContain('reactive');
  });

  it('sizes the backlog for the wait objective: a slot serves several short tasks in time', () => {
    const policy = createPolicy({ name: 'predictive', params: { waitObjectiveMs: 10_000 } });
    // 40 queued 2 s tasks, 5 s start: 5 s left to start them, 2.5 tasks per slot → 16 slots,
    // plus 8 running: 24 slots, 6 workers (not 12).
    const { decisions } = run(policy, [{ now: 0, arrivals: 0, queued: 40, inflight: 8 }], 2000);
    expect(decisions[0]?.inputs.reactiveDesired).toBe(6);
  });

  it('does not flap on a steady, noisy arrival rate', () => {
    const policy = createPolicy({ name: 'predictive', params: {} });
    const steps = seconds(600, (i) => ({ arrivals: 18 + ((i * 7) % 5), inflight: 40 }));
    const { decisions } = run(policy, steps, 2000);
    const late = decisions.slice(300).filter((d) => d.action !== 'none');
    expect(late.length).toBeLessThan(20);
  });

  it('does not read one arrival of a long task as a rate', () => {
    const policy = createPolicy({ name: 'predictive', params: {} });
    // One 90 s task every 3 minutes: never more than one worker.
    const steps = seconds(900, (i) => ({
      arrivals: i % 180 === 0 ? 1 : 0,
      inflight: i % 180 < 90 ? 1 : 0,
    }));
    const { decisions } = run(policy, steps, 90_000);
    expect(Math.max(...decisions.map((d) => d.desired))).toBe(1);
  });

  it('measures its error and falls back to the reactive base when the forecast is poor', () => {
    const policy = createPolicy({
      name: 'predictive',
      params: { errorWindowMs: 10_000, maxError: 0.3, levelTauMs: 60_000 },
    });
    // Alternating 60 s of 40/s and 60 s of nothing: a 60 s level always lags badly.
    const steps = seconds(900, (i) => ({ arrivals: Math.floor(i / 60) % 2 === 0 ? 40 : 0 }));
    const { decisions } = run(policy, steps, 1000);
    const late = decisions.slice(600);
    expect(late.some((d) => (d.inputs.forecastError ?? 0) > 0.3)).toBe(true);
    const fallback = late.find((d) => d.clamps.some((c) => c.name === 'fallback'));
    expect(fallback?.desired).toBe(fallback?.inputs.reactiveDesired);
  });

  it('keeps plain, bounded JSON state that survives a restart', () => {
    const policy = createPolicy({
      name: 'predictive',
      params: { seasonMs: 600_000, seasonBuckets: 60 },
    });
    const steps = seconds(3600, (i) => ({ arrivals: 5 + 5 * Math.sin((2 * Math.PI * i) / 600) }));
    const first = run(policy, steps.slice(0, 1800), 1000);
    const size = JSON.stringify(first.state).length;
    const restored = JSON.parse(JSON.stringify(first.state)) as unknown;
    const resumed = run(policy, steps.slice(1800), 1000, restored);
    const straight = run(policy, steps.slice(1800), 1000, first.state);
    expect(resumed.decisions).toEqual(straight.decisions);
    // The profile learned every bucket, and the state stayed small.
    expect(size).toBeLessThan(20_000);
    expect(JSON.stringify(run(policy, steps, 1000).state).length).toBeLessThan(20_000);
  });
});
