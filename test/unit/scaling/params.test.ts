import { describe, expect, it } from 'vitest';
import { GantryError } from '../../../src/shared/api/errors';
import {
  DEFAULT_POLICY,
  POLICY_NAMES,
  createPolicy,
  policyParamSpecs,
} from '../../../src/shared/scaling';
import type { PolicyName } from '../../../src/shared/scaling';

function thrown(f: () => unknown): GantryError {
  try {
    f();
  } catch (error) {
    if (error instanceof GantryError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('policy knobs', () => {
  it.each(POLICY_NAMES)('%s: defaults are valid, documented and in range', (name) => {
    const specs = policyParamSpecs(name);
    expect(specs.length).toBeGreaterThan(0);
    const defaults = Object.fromEntries(specs.map((s) => [s.name, s.default]));
    const policy = createPolicy({ name, params: defaults });
    expect(policy.params).toEqual(defaults);
    for (const s of specs) expect(s.doc.length).toBeGreaterThan(10);
    for (const s of specs.filter((spec) => spec.type !== 'boolean')) {
      expect(s.unit).not.toBe('');
      expect(Number(s.default)).toBeGreaterThanOrEqual(s.min ?? -Infinity);
      expect(Number(s.default)).toBeLessThanOrEqual(s.max ?? Infinity);
    }
  });

  it.each(POLICY_NAMES)('%s: accepts the cooldown the engine always passes', (name) => {
    expect(() => createPolicy({ name, params: { cooldownMs: 30_000 } })).not.toThrow();
  });

  it('rejects an out-of-range knob naming the field', () => {
    const error = thrown(() =>
      createPolicy({ name: 'window', params: { targetUtilization: 1.5 } }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.extra.field).toBe('params.targetUtilization');
    expect(error.message).toContain('between 0.05 and 1');
  });

  it('rejects a fractional count, a wrong type and an unknown knob', () => {
    expect(
      thrown(() => createPolicy({ name: 'threshold', params: { upStep: 1.5 } })).extra.field,
    ).toBe('params.upStep');
    expect(
      thrown(() => createPolicy({ name: 'target', params: { tolerance: true } })).extra.field,
    ).toBe('params.tolerance');
    const typo = thrown(() => createPolicy({ name: 'target', params: { tolerence: 0.2 } }));
    expect(typo.extra.field).toBe('params.tolerence');
    expect(typo.message).toContain('tolerance');
  });

  it('ignores the knobs of another policy, so switching policy keeps settings valid', () => {
    const policy = createPolicy({
      name: 'threshold',
      params: { stableWindowMs: 30_000, upStep: 2 },
    });
    expect(policy.params.upStep).toBe(2);
    expect(policy.params.stableWindowMs).toBeUndefined();
  });

  it('checks cross-knob rules and unknown policies', () => {
    const error = thrown(() => createPolicy({ name: 'window', params: { panicWindowMs: 90_000 } }));
    expect(error.extra.field).toBe('params.panicWindowMs');
    expect(
      thrown(() => createPolicy({ name: 'magic' as PolicyName, params: {} })).extra.field,
    ).toBe('name');
  });

  it('has a default policy among the policies', () => {
    expect(POLICY_NAMES).toContain(DEFAULT_POLICY);
  });
});
