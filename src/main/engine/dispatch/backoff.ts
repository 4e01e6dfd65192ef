import type { Rng } from '../../../shared/random';

/**
 * Delay before retry number `attempt` (1 after the first failed attempt): exponential with
 * full jitter, uniform in [0, min(cap, base · 2^(attempt-1))). With base 1 s and cap 60 s the
 * ceilings run 1, 2, 4, 8, 16, 32, 60, 60 s... Full jitter spreads a burst of failures so
 * the retries do not arrive together.
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, rng: Rng): number {
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.floor(rng() * ceiling);
}
