import { describe, expect, it } from 'vitest';
import { POLICY_NAMES, createPolicy } from '../../../src/shared/scaling';
import { LIMITS, drive, obs, seconds } from './observations';

describe.each(POLICY_NAMES)('%s: scale to zero and back', (name) => {
  it('starts a worker at once for a task on an empty pool, even right after an action', () => {
    const policy = createPolicy({ name, params: { cooldownMs: 60_000 } });
    // A scale-down to zero one second ago: the cooldown must not hold the first start.
    const before = policy.decide(obs(0, { ready: 1 }), LIMITS, policy.initialState());
    const { decision } = policy.decide(obs(1000, { queued: 1 }), LIMITS, before.state);
    expect(decision.desired).toBeGreaterThanOrEqual(1);
    expect(decision.action).toBe('up');
  });

  it('takes an idle pool to zero, but not at once', () => {
    const policy = createPolicy({ name, params: { cooldownMs: 30_000 } });
    const steps = [...seconds(10, () => ({ inflight: 4 })), ...seconds(900, () => ({}), 10_000)];
    const decisions = drive(policy, steps, 1);
    const zero = decisions.find((d) => d.desired === 0);
    expect(zero).toBeDefined();
    // The last task ended at 9 s: no policy drops the last worker within a second of it.
    expect(zero?.at ?? 0).toBeGreaterThan(10_000);
    expect(decisions.at(-1)?.desired).toBe(0);
  });
});
