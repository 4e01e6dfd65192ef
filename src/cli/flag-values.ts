import { UsageError } from './command';

/**
 * Reads a numeric flag value from `util.parseArgs` output: undefined stays undefined, text
 * that is not a number in [min, max] is a `UsageError` naming the flag.
 */
export function numberFlag(
  value: string | boolean | undefined,
  name: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const kind = integer ? 'a whole number' : 'a number';
    const bounds = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${kind} ${bounds}, got "${String(value)}"`);
  }
  return n;
}

/** A flag value restricted to a closed list. */
export function choiceFlag<T extends string>(
  value: string | boolean | undefined,
  name: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${String(value)}"`);
}
