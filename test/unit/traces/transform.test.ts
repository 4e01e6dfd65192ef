import { describe, expect, it } from 'vitest';
import { exponential, mulberry32, seedFrom, uniform } from '../../../src/shared/random';
import {
  arrivalTimes,
  scaleTrace,
  sliceBins,
  traceDurationS,
  traceTotal,
  type Trace,
} from '../../../src/shared/traces';

const binned: Trace = { kind: 'binned', binS: 60, counts: [2, 0, 3, 1] };
const tasks: Trace = {
  kind: 'tasks',
  tasks: [{ arrivalS: 0 }, { arrivalS: 1.5, durationS: 2 }, { arrivalS: 3 }, { arrivalS: 7 }],
};

describe('trace transforms', () => {
  it('slices bins and re-bases task lists', () => {
    expect(sliceBins(binned, 1, 3)).toEqual({ kind: 'binned', binS: 60, counts: [0, 3] });
    expect(sliceBins(tasks, 1, 4)).toEqual({
      kind: 'tasks',
      tasks: [{ arrivalS: 0.5, durationS: 2 }, { arrivalS: 2 }],
    });
  });

  it('scales binned counts and thins or repeats tasks evenly', () => {
    expect(scaleTrace(binned, 0.5)).toEqual({ kind: 'binned', binS: 60, counts: [1, 0, 1.5, 0.5] });
    expect(traceTotal(scaleTrace(tasks, 0.5))).toBe(2);
    expect(traceTotal(scaleTrace(tasks, 2))).toBe(8);
    expect(traceTotal(scaleTrace(tasks, 0.3))).toBe(1);
    expect(() => scaleTrace(tasks, -1)).toThrow(RangeError);
  });

  it('measures duration', () => {
    expect(traceDurationS(binned)).toBe(240);
    expect(traceDurationS(tasks)).toBe(7);
    expect(traceDurationS({ kind: 'tasks', tasks: [] })).toBe(0);
  });

  it('spreads binned arrivals inside their bins, ascending', () => {
    const times = arrivalTimes(binned, mulberry32(1));
    expect(times).toHaveLength(6);
    expect(times.filter((t) => t < 60)).toHaveLength(2);
    expect(times.filter((t) => t >= 120 && t < 180)).toHaveLength(3);
    expect(times.filter((t) => t >= 180 && t < 240)).toHaveLength(1);
    expect(times.toSorted((a, b) => a - b)).toEqual(times);
  });

  it('rounds fractional counts at random with the right mean', () => {
    const trace: Trace = { kind: 'binned', binS: 1, counts: Array.from({ length: 10_000 }, () => 0.25) };
    const n = arrivalTimes(trace, mulberry32(7)).length;
    expect(n).toBeGreaterThan(2300);
    expect(n).toBeLessThan(2700);
  });

  it('keeps task-list arrival times as recorded', () => {
    expect(arrivalTimes(tasks, mulberry32(1))).toEqual([0, 1.5, 3, 7]);
  });
});

describe('seeded random', () => {
  it('repeats a sequence for a seed and differs across seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it('derives seeds from text', () => {
    expect(seedFrom('demo')).toBe(seedFrom('demo'));
    expect(seedFrom('demo')).not.toBe(seedFrom('demo2'));
    expect(seedFrom(42)).toBe(42);
  });

  it('draws exponential and uniform values with the right means', () => {
    const rng = mulberry32(3);
    let e = 0;
    let u = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      e += exponential(rng, 2);
      u += uniform(rng, 10, 20);
    }
    expect(e / n).toBeGreaterThan(1.9);
    expect(e / n).toBeLessThan(2.1);
    expect(u / n).toBeGreaterThan(14.9);
    expect(u / n).toBeLessThan(15.1);
  });
});
