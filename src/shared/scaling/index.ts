import { GantryError } from '../api/errors';
import type { ParamSpec } from './params';
import { THRESHOLD_SPECS, createThreshold } from './threshold';
import { POLICY_NAMES } from './types';
import type { Policy, PolicyConfig, PolicyName } from './types';

export type { ParamSpec } from './params';
export * from './types';

/**
 * The policy the app and the simulator use when none is chosen.
 */
export const DEFAULT_POLICY: PolicyName = 'threshold';

const FACTORIES: Partial<Record<PolicyName, (params: PolicyConfig['params']) => Policy>> = {
  threshold: createThreshold as (params: PolicyConfig['params']) => Policy,
};

const SPECS: Partial<Record<PolicyName, readonly ParamSpec[]>> = {
  threshold: THRESHOLD_SPECS,
};

/**
 * Builds a policy from its name and knobs (defaults filled in). Throws
 * `GantryError('invalid_input', …, { field: 'params.<name>' })` for a bad knob and
 * `{ field: 'name' }` for an unknown policy.
 */
export function createPolicy(config: PolicyConfig): Policy {
  const factory = FACTORIES[config.name];
  if (!factory) {
    throw new GantryError(
      'invalid_input',
      `unknown policy "${String(config.name)}" (policies: ${POLICY_NAMES.join(', ')})`,
      { field: 'name' },
    );
  }
  return factory(config.params);
}

/** The knobs of a policy with unit, range, default and doc, for forms and `--help`. */
export function policyParamSpecs(name: PolicyName): readonly ParamSpec[] {
  const specs = SPECS[name];
  if (!specs) {
    throw new GantryError('invalid_input', `unknown policy "${String(name)}"`, { field: 'name' });
  }
  return specs;
}
