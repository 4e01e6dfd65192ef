import { GantryError } from '../api/errors';
import type { ParamSpec } from './params';
import { PREDICTIVE_SPECS, createPredictive } from './predictive';
import { TARGET_SPECS, createTarget } from './target';
import { THRESHOLD_SPECS, createThreshold } from './threshold';
import { WINDOW_SPECS, createWindow } from './window';
import { POLICY_NAMES } from './types';
import type { Policy, PolicyConfig, PolicyName } from './types';

export type { ParamSpec } from './params';
export * from './types';

/**
 * The policy the app and the simulator use when none is chosen: `predictive`. Its reactive
 * base follows the queue within a tick, sizes a backlog for the wait objective instead of a
 * slot per task, and releases surplus after one start latency (the break-even rule), so it
 * is on time on bursts without paying the long windows of `target` and `window`; the
 * forecast adds headroom where arrivals are predictable. docs/autoscaling.md has the
 * measurements on every trace, including where it misses.
 */
export const DEFAULT_POLICY: PolicyName = 'predictive';

type Factory = (params: PolicyConfig['params']) => Policy;

// Each factory's state type is its own; the engine treats state as opaque JSON.
const FACTORIES: Record<PolicyName, Factory> = {
  threshold: createThreshold as Factory,
  target: createTarget as Factory,
  window: createWindow as Factory,
  predictive: createPredictive as Factory,
};

const SPECS: Record<PolicyName, readonly ParamSpec[]> = {
  threshold: THRESHOLD_SPECS,
  target: TARGET_SPECS,
  window: WINDOW_SPECS,
  predictive: PREDICTIVE_SPECS,
};

/**
 * Builds a policy from its name and knobs (defaults filled in). Throws
 * `GantryError('invalid_input', …, { field: 'params.<name>' })` for a bad knob and
 * `{ field: 'name' }` for an unknown policy.
 */
export function createPolicy(config: PolicyConfig): Policy {
  const factory = (FACTORIES as Partial<Record<string, Factory>>)[config.name];
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
  const specs = (SPECS as Partial<Record<string, readonly ParamSpec[]>>)[name];
  if (!specs) {
    throw new GantryError('invalid_input', `unknown policy "${String(name)}"`, { field: 'name' });
  }
  return specs;
}
