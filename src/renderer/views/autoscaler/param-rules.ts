import type { ParamSpec } from '../../../shared/scaling';
import { policyParamSpecs } from '../../../shared/scaling';
import type { PolicyName, PolicyParams } from '../../../shared/scaling/types';

/** The policy's knobs, or null when this build has no description of them. */
export function specsFor(policy: PolicyName): readonly ParamSpec[] | null {
  try {
    return policyParamSpecs(policy);
  } catch {
    return null;
  }
}

/** One knob's text checked against its spec; an error message or the value. */
export function checkParam(
  spec: ParamSpec,
  text: string | boolean,
): { value: number | boolean } | { error: string } {
  if (spec.type === 'boolean') return { value: text === true || text === 'true' };
  const trimmed = String(text).trim();
  if (trimmed === '') return { value: spec.default };
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return { error: 'must be a number' };
  if (spec.type === 'integer' && !Number.isInteger(n)) return { error: 'must be a whole number' };
  if (spec.min !== undefined && n < spec.min) return { error: `at least ${spec.min}` };
  if (spec.max !== undefined && n > spec.max) return { error: `at most ${spec.max}` };
  return { value: n };
}

/** Free key/number pairs (no specs known): names must be identifiers, values finite numbers. */
export function checkFreeParams(
  rows: { key: string; value: string }[],
): { params: PolicyParams } | { errors: Record<number, string> } {
  const params: PolicyParams = {};
  const errors: Record<number, string> = {};
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') return;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      errors[i] = 'the name must be a word (letters, digits, _)';
    else if (key in params) errors[i] = 'named twice';
    else if (row.value.trim() === 'true' || row.value.trim() === 'false')
      params[key] = row.value.trim() === 'true';
    else if (row.value.trim() === '' || !Number.isFinite(Number(row.value)))
      errors[i] = 'the value must be a number';
    else params[key] = Number(row.value);
  });
  return Object.keys(errors).length > 0 ? { errors } : { params };
}
