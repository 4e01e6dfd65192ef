import { describe, expect, it } from 'vitest';
import { tickGrid } from '../../../src/main/bench/sim-to-real';

describe('tickGrid', () => {
  it('fits the period and the first tick through the scale actions', () => {
    const grid = tickGrid([{ t: 1.69 }, { t: 2.69 }, { t: 444.98 }], 1000);
    expect(grid.periodMs).toBeCloseTo(1000.66, 1);
    expect(grid.firstTickMs).toBeGreaterThan(685);
    expect(grid.firstTickMs).toBeLessThan(692);
  });

  it('falls back to the nominal period with one action or none', () => {
    expect(tickGrid([], 1000)).toEqual({ firstTickMs: 0, periodMs: 1000 });
    const one = tickGrid([{ t: 3.25 }], 1000);
    expect(one.periodMs).toBe(1000);
    expect(one.firstTickMs).toBeCloseTo(250, 6);
  });
});
