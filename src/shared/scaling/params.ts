import { GantryError } from '../api/errors';
import type { PolicyName, PolicyParams } from './types';

/**
 * One knob of a policy, described so that a form can render and validate it and the CLI
 * can print it. Numbers carry their unit; `min` and `max` are inclusive.
 */
export interface ParamSpec {
  name: string;
  type: 'number' | 'integer' | 'boolean';
  default: number | boolean;
  /** Inclusive bounds (numbers only). */
  min?: number;
  max?: number;
  /** `ms`, `tasks`, `workers`, `ratio`, `%`, `bins`... (`''` for booleans). */
  unit: string;
  /** One or two sentences: what the knob changes and when to touch it. */
  doc: string;
}

/**
 * Every knob that some policy knows. A params record is shared between policies (the
 * settings keep one `policyParams`), so a knob of another policy is ignored rather than
 * rejected: switching policy must not invalidate the settings. A name no policy knows is a
 * typo and is rejected.
 */
const knownEverywhere = new Set<string>();

/** Registers a policy's specs in the set of known knob names. */
export function registerSpecs(specs: readonly ParamSpec[]): readonly ParamSpec[] {
  for (const spec of specs) knownEverywhere.add(spec.name);
  return specs;
}

/**
 * Validates `given` against `specs` and fills in defaults. Throws `GantryError('invalid_input')`
 * with `field: 'params.<name>'` naming the first bad knob.
 */
export function resolveParams(
  policy: PolicyName,
  specs: readonly ParamSpec[],
  given: PolicyParams,
): PolicyParams {
  const out: PolicyParams = {};
  for (const spec of specs) {
    const value = given[spec.name];
    out[spec.name] = value === undefined ? spec.default : checkValue(policy, spec, value);
  }
  for (const name of Object.keys(given)) {
    if (out[name] === undefined && !knownEverywhere.has(name)) {
      const names = specs.map((s) => s.name).join(', ');
      throw new GantryError('invalid_input', `${policy} has no knob "${name}" (knobs: ${names})`, {
        field: `params.${name}`,
      });
    }
  }
  return out;
}

function checkValue(
  policy: PolicyName,
  spec: ParamSpec,
  value: number | boolean,
): number | boolean {
  const field = `params.${spec.name}`;
  if (spec.type === 'boolean') {
    if (typeof value !== 'boolean') {
      throw new GantryError('invalid_input', `${policy}.${spec.name} must be true or false`, {
        field,
      });
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new GantryError('invalid_input', `${policy}.${spec.name} must be a number`, { field });
  }
  if (spec.type === 'integer' && !Number.isInteger(value)) {
    throw new GantryError('invalid_input', `${policy}.${spec.name} must be a whole number`, {
      field,
    });
  }
  const unit = spec.unit === '' ? '' : ` ${spec.unit}`;
  if (
    (spec.min !== undefined && value < spec.min) ||
    (spec.max !== undefined && value > spec.max)
  ) {
    throw new GantryError(
      'invalid_input',
      `${policy}.${spec.name} must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}${unit}, got ${value}`,
      { field },
    );
  }
  return value;
}

/** A number knob from resolved params (the spec guarantees its presence and type). */
export function num(params: PolicyParams, name: string): number {
  const value = params[name];
  return typeof value === 'number' ? value : Number(value);
}

/** A boolean knob from resolved params. */
export function bool(params: PolicyParams, name: string): boolean {
  return params[name] === true;
}

/** The cooldown knob every policy accepts (the engine always passes the setting). */
export const COOLDOWN_SPEC: ParamSpec = {
  name: 'cooldownMs',
  type: 'number',
  default: 30_000,
  min: 0,
  max: 3_600_000,
  unit: 'ms',
  doc: 'Least time between two scale actions (the `cooldown` setting).',
};
