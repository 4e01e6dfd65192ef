import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../../src/shared/scaling';
import { drive, seconds } from './observations';

describe('window', () => {
  it('panics on a sudden burst, scaling to the panic-window desire at once', () => {
    const policy = createPolicy({ name: 'window', params: {} });
    // A minute at 4 tasks on 2 workers, then 40 tasks.
    const steps = seconds(70, (i) => (i < 60 ? { inflight: 4 } : { inflight: 8, queued: 32 }));
    const decisions = drive(policy, steps, 2);
    const burst = decisions[60];
    expect(burst?.inputs.panicking).toBe(1);
    // Panic average over 6 s: (5 × 4 + 40) / 6 = 10 → ceil(10 / 2.8) = 4, twice the pool.
    expect(burst?.desired).toBe(4);
    expect(decisions[65]?.desired).toBeGreaterThanOrEqual(14);
  });

  it('does not scale down while panicking, and records the panic clamp', () => {
    const policy = createPolicy({ name: 'window', params: {} });
    const steps = seconds(40, (i) =>
      i < 10 ? { inflight: 4 } : i < 16 ? { queued: 60, inflight: 4 } : { inflight: 1 },
    );
    const decisions = drive(policy, steps, 1);
    const peak = Math.max(...decisions.map((d) => d.desired));
    const after = decisions.slice(16);
    for (const d of after) expect(d.desired).toBe(peak);
    expect(after.some((d) => d.clamps.some((c) => c.name === 'panic'))).toBe(true);
  });

  it('limits scale-down to halving per decision after the panic ends', () => {
    const policy = createPolicy({
      name: 'window',
      params: { stableWindowMs: 10_000, panicWindowMs: 2000, scaleToZeroGraceMs: 0 },
    });
    const steps = seconds(30, () => ({ inflight: 0 }));
    const decisions = drive(policy, steps, 16);
    expect(decisions[0]?.desired).toBe(8);
    expect(decisions[0]?.clamps[0]).toMatchObject({ name: 'rate-down', before: 0, after: 8 });
    expect(decisions[1]?.desired).toBe(4);
  });

  it('keeps the last worker for the scale-to-zero grace period', () => {
    const policy = createPolicy({
      name: 'window',
      params: { stableWindowMs: 6000, scaleToZeroGraceMs: 20_000 },
    });
    const steps = seconds(40, (i) => (i < 3 ? { inflight: 1 } : {}));
    const decisions = drive(policy, steps, 1);
    const zeroAt = decisions.find((d) => d.desired === 0)?.at ?? -1;
    // The last busy sample (2 s) is in the 6 s window until 7 s; 20 s of grace later it goes.
    expect(zeroAt).toBe(27_000);
    expect(decisions[20]?.clamps.map((c) => c.name)).toContain('grace');
  });

  it('starts one worker from zero on the first task, and never flaps on a flat load', () => {
    const policy = createPolicy({ name: 'window', params: {} });
    const decisions = drive(policy, [{ now: 0, queued: 1 }], 0);
    expect(decisions[0]?.desired).toBeGreaterThanOrEqual(1);
    const flat = drive(
      policy,
      seconds(300, () => ({ inflight: 10 })),
      4,
    );
    expect(flat.filter((d) => d.action !== 'none').length).toBeLessThanOrEqual(1);
  });
});
