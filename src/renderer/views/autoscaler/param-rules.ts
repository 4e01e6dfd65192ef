import type { ParamSpec } from '../../../shared/scaling';

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
