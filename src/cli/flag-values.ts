import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { UsageError } from './command';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's flags with `util.parseArgs` (strict, no positionals); a malformed
 * command line (an unknown flag, a missing value) is a `UsageError` with parseArgs' message.
 */
export function readFlags<const O extends FlagOptions>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

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
