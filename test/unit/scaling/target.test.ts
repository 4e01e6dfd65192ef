import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../../src/shared/scaling';
import { drive, obs, seconds, LIMITS } from './observations';

describe('target', () => {
  it('tracks (queued + running) / slots and ignores changes within the tolerance', () => {
    const policy = createPolicy({ name: 'target', params: {} });
    const state = policy.initialState();
    const up = policy.decide(obs(0, { queued: 30, inflight: 10, ready: 5 }), LIMITS, state);
    expect(up.decision.raw).toBe(10);
    expect(up.decision.desired).toBe(10);
    // 21 tasks on 5 workers × 4 slots: ratio 1.05, inside 1 ± 0.1.
    const calm = policy.decide(obs(1000, { queued: 1, inflight: 20, ready: 5 }), LIMITS, state);
    expect(calm.decision.action).toBe('none');
    expect(calm.decision.reason).toContain('tolerance');
  });

  it('scales down only to the highest recommendation of the stabilization window', () => {
    const policy = createPolicy({ name: 'target', params: { downStabilizationMs: 60_000 } });
    // 20 s of load for 8 workers, then nothing.
    const steps = seconds(100, (i) => (i < 20 ? { inflight: 32 } : { inflight: 0 }));
    const decisions = drive(policy, steps, 8);
    const firstDown = decisions.find((d) => d.action === 'down');
    // The last 8 was recommended at 19 s; the 60 s window forgets it after 79 s.
    expect(firstDown?.at).toBe(79_000);
    const held = decisions[40];
    expect(held?.raw).toBe(0);
    expect(held?.desired).toBe(8);
    expect(held?.clamps[0]).toMatchObject({ name: 'stabilization', before: 0, after: 8 });
  });

  it('limits a sudden burst to max(100%, 4 workers) per 15 s period', () => {
    const policy = createPolicy({ name: 'target', params: {} });
    const decisions = drive(
      policy,
      seconds(31, () => ({ queued: 400 })),
      2,
    );
    expect(decisions[0]?.desired).toBe(6);
    expect(decisions[0]?.clamps).toEqual([
      expect.objectContaining({ name: 'rate-up', before: 100, after: 6 }),
    ]);
    // Within the period nothing more; after it, the base doubles again.
    expect(decisions[14]?.desired).toBe(6);
    expect(decisions[15]?.desired).toBe(12);
  });

  it('follows a slow ramp step by step', () => {
    const policy = createPolicy({ name: 'target', params: {} });
    const decisions = drive(
      policy,
      seconds(120, (i) => ({ inflight: Math.floor(i / 2) })),
      1,
    );
    const last = decisions.at(-1);
    expect(last?.desired).toBeGreaterThanOrEqual(14);
    expect(last?.desired).toBeLessThanOrEqual(16);
  });

  it('goes to zero after the window with no traffic, and back to one on the first task', () => {
    const policy = createPolicy({ name: 'target', params: { downStabilizationMs: 10_000 } });
    const steps = [...seconds(15, () => ({})), { now: 15_000, queued: 1 }];
    const decisions = drive(policy, steps, 2);
    expect(decisions[13]?.desired).toBe(0);
    expect(decisions.at(-1)?.desired).toBe(1);
  });
});
