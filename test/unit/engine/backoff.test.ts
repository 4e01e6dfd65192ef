import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../src/main/engine/dispatch/backoff';
import { mulberry32 } from '../../../src/shared/random';

describe('backoffDelayMs', () => {
  it('stays within [0, min(cap, base * 2^(attempt-1)))', () => {
    const rng = mulberry32(42);
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(attempt, 1000, 60_000, rng);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('reaches the ceiling as the random draw approaches 1', () => {
    expect(backoffDelayMs(3, 1000, 60_000, () => 0.999_999)).toBe(3999);
    expect(backoffDelayMs(20, 1000, 60_000, () => 0.999_999)).toBe(59_999);
  });

  it('is zero for a zero draw (full jitter)', () => {
    expect(backoffDelayMs(5, 1000, 60_000, () => 0)).toBe(0);
  });

  it('does not overflow for huge attempt numbers', () => {
    expect(backoffDelayMs(10_000, 1000, 60_000, () => 0.5)).toBe(30_000);
  });

  it('spreads retries: a burst of failures does not retry together', () => {
    const rng = mulberry32(9);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(4, 1000, 60_000, rng)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
