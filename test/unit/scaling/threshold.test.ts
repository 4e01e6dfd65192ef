import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../../src/shared/scaling';
import { LIMITS, drive, obs, seconds } from './observations';

describe('threshold', () => {
  it('starts the first worker at once when tasks wait on an empty pool', () => {
    const policy = createPolicy({ name: 'threshold', params: { cooldownMs: 30_000 } });
    const [first] = drive(policy, [{ now: 0, queued: 3 }]);
    expect(first?.desired).toBe(1);
    expect(first?.action).toBe('up');
  });

  it('holds a second action inside the cooldown and records the clamp', () => {
    const policy = createPolicy({ name: 'threshold', params: { cooldownMs: 30_000 } });
    const decisions = drive(
      policy,
      seconds(40, () => ({ queued: 10 })),
      0,
    );
    expect(decisions[0]?.desired).toBe(1);
    const held = decisions[1];
    expect(held?.raw).toBe(2);
    expect(held?.desired).toBe(1);
    expect(held?.clamps).toEqual([
      expect.objectContaining({ name: 'cooldown', before: 2, after: 1 }),
    ]);
    expect(held?.reason).toContain('cooldown');
    // The next action comes exactly when the cooldown has passed.
    const ups = decisions.filter((d) => d.action === 'up').map((d) => d.at);
    expect(ups).toEqual([0, 30_000]);
  });

  it('does not flap on input that alternates between a backlog and an empty queue', () => {
    const policy = createPolicy({ name: 'threshold', params: { cooldownMs: 10_000 } });
    const steps = seconds(60, (i) =>
      i % 2 === 0 ? { queued: 8, inflight: 4 } : { queued: 0, inflight: 0 },
    );
    const actions = drive(policy, steps, 2).filter((d) => d.action !== 'none');
    for (let k = 1; k < actions.length; k++) {
      expect((actions[k]?.at ?? 0) - (actions[k - 1]?.at ?? 0)).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('adds upStep workers and removes only idle capacity', () => {
    const policy = createPolicy({
      name: 'threshold',
      params: { cooldownMs: 0, upStep: 3, upBacklog: 5 },
    });
    let state = policy.initialState();
    const up = policy.decide(obs(0, { queued: 6, inflight: 8, ready: 2 }), LIMITS, state);
    expect(up.decision.desired).toBe(5);
    state = up.state;
    // 9 running on 5 workers of 4 slots: 3 workers are busy, so at most 2 can go; one per step.
    const down = policy.decide(obs(1000, { queued: 0, inflight: 9, ready: 5 }), LIMITS, state);
    expect(down.decision.desired).toBe(4);
    const busy = policy.decide(
      obs(2000, { queued: 0, inflight: 16, ready: 4 }),
      LIMITS,
      down.state,
    );
    expect(busy.decision.action).toBe('none');
  });

  it('respects the pool bounds and names them', () => {
    const policy = createPolicy({ name: 'threshold', params: { cooldownMs: 0 } });
    const capped = policy.decide(
      obs(0, { queued: 50, ready: 3 }),
      { minWorkers: 1, maxWorkers: 3 },
      policy.initialState(),
    );
    expect(capped.decision.desired).toBe(3);
    expect(capped.decision.clamps.map((c) => c.name)).toEqual(['max']);
    const floor = policy.decide(
      obs(0, { ready: 0 }),
      { minWorkers: 2, maxWorkers: 3 },
      policy.initialState(),
    );
    expect(floor.decision.desired).toBe(2);
    expect(floor.decision.clamps.map((c) => c.name)).toEqual(['min']);
  });
});
