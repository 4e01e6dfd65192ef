import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/main/sim/simulate';
import type { SimConfig, Workload } from '../../../src/main/sim/types';

/** One warm worker with one slot; three 1 s tasks arriving together at 100 ms. */
const WORKLOAD: Workload = {
  name: 'three at once',
  about: '',
  arrivals: Float64Array.from([100, 100, 100]),
  durations: Float64Array.from([1000, 1000, 1000]),
  periodMs: 0,
};

const CONFIG: SimConfig = {
  policy: 'threshold',
  params: { cooldownMs: 0 },
  seed: 1,
  sloMs: 10_000,
  startLatency: { minMs: 60_000, maxMs: 60_000 },
  slotsPerWorker: 1,
  minWorkers: 1,
  maxWorkers: 1,
  reconcileMs: 1000,
  seriesPoints: 10,
};

describe('simulator dispatch overhead and delay', () => {
  it('without them a slot is handed on the moment a task ends', () => {
    const f = simulate(WORKLOAD, CONFIG).figures;
    // Waits 0, 1000 and 2000 ms.
    expect(f.waitP50Ms).toBe(1000);
    expect(f.waitMaxMs).toBe(2000);
  });

  it('holds each slot the run time plus the overhead', () => {
    const dispatchOverhead = { atMs: [0], values: [50] };
    const f = simulate(WORKLOAD, { ...CONFIG, dispatchOverhead }).figures;
    // Each task holds the slot 1050 ms: waits 0, 1050 and 2100 ms.
    expect(f.waitP50Ms).toBe(1050);
    expect(f.waitMaxMs).toBe(2100);
    expect(f.completed).toBe(3);
  });

  it('replays the overhead observed last before each dispatch', () => {
    const dispatchOverhead = { atMs: [0, 1200], values: [0, 400] };
    const f = simulate(WORKLOAD, { ...CONFIG, dispatchOverhead }).figures;
    // Dispatched at 100 ms (overhead 0), 1100 ms (0) and 2100 ms (400): waits 0, 1000, 2000.
    expect(f.waitMaxMs).toBe(2000);
    const sooner = { atMs: [0, 1000], values: [0, 400] };
    const later = simulate(WORKLOAD, { ...CONFIG, dispatchOverhead: sooner });
    // The second, dispatched at 1100 ms, now holds its slot 1400 ms: the third waits 2400.
    expect(later.figures.waitMaxMs).toBe(2400);
  });

  it('adds the delay to a task that finds a free slot, not to one already waiting', () => {
    const f = simulate(WORKLOAD, { ...CONFIG, dispatchDelay: { atMs: [0], values: [30] } }).figures;
    // The first starts at 130 ms, the others when the slot frees: 1130 and 2130 ms.
    expect(f.waitP50Ms).toBe(1030);
    expect(f.waitMaxMs).toBe(2030);
  });
});
