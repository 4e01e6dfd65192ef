import { describe, expect, it } from 'vitest';
import { buildSchedule, type Schedule } from '../../../src/main/traffic/schedule';
import { mulberry32 } from '../../../src/shared/random';
import { parseTrace } from '../../../src/shared/traces';
import type { TrafficProfile } from '../../../src/shared/traffic';

function times(schedule: Schedule): number[] {
  const out: number[] = [];
  const arrivals = schedule.arrivals();
  for (let next = arrivals.next(); !next.done; next = arrivals.next()) out.push(next.value.atS);
  return out;
}

/** Arrivals per `widthS` interval over the run. */
function perInterval(schedule: Schedule, widthS: number): number[] {
  const counts = Array.from({ length: Math.ceil(schedule.durationS / widthS) }, () => 0);
  for (const t of times(schedule)) counts[Math.floor(t / widthS)]! += 1;
  return counts;
}

const profile = (p: Partial<TrafficProfile> & Pick<TrafficProfile, 'shape'>): TrafficProfile => ({
  rate: 10,
  durationS: 10,
  ...p,
});

describe('traffic schedule', () => {
  it('paces a constant rate exactly', () => {
    const s = buildSchedule(profile({ shape: 'constant', rate: 10, durationS: 5 }));
    expect(perInterval(s, 1)).toEqual([10, 10, 10, 10, 10]);
    expect(times(s)[0]).toBeCloseTo(0.05, 6);
  });

  it('steps from the rate to the peak rate at atS', () => {
    const step = profile({ shape: 'step', rate: 5, peakRate: 20, atS: 4, durationS: 8 });
    const s = buildSchedule(step);
    expect(perInterval(s, 4)).toEqual([20, 80]);
    expect(s.rateAt(3.9)).toBe(5);
    expect(s.rateAt(4)).toBe(20);
  });

  it('spikes for periodS from atS', () => {
    const s = buildSchedule(
      profile({ shape: 'spike', rate: 2, peakRate: 50, atS: 3, periodS: 2, durationS: 10 }),
    );
    expect(perInterval(s, 1)).toEqual([2, 2, 2, 50, 50, 2, 2, 2, 2, 2]);
  });

  it('follows a sine around the base rate', () => {
    const s = buildSchedule(
      profile({ shape: 'sine', rate: 20, peakRate: 10, periodS: 8, durationS: 16 }),
    );
    const halves = perInterval(s, 4);
    // High half: 20*4 + 10*8/pi ≈ 105.5; low half ≈ 54.5; a whole period: 160.
    expect(halves[0]).toBeGreaterThanOrEqual(105);
    expect(halves[0]).toBeLessThanOrEqual(106);
    expect(halves[1]).toBeGreaterThanOrEqual(54);
    expect(halves[1]).toBeLessThanOrEqual(55);
    expect(halves[0]! + halves[1]!).toBeGreaterThanOrEqual(159);
    expect(halves[0]! + halves[1]!).toBeLessThanOrEqual(161);
  });

  it('switches on and off', () => {
    const s = buildSchedule(
      profile({ shape: 'onoff', rate: 0, peakRate: 10, periodS: 2, offS: 3, durationS: 10 }),
    );
    expect(perInterval(s, 1)).toEqual([10, 10, 0, 0, 0, 10, 10, 0, 0, 0]);
  });

  it('draws Poisson arrivals with the right mean', () => {
    const s = buildSchedule(profile({ shape: 'constant', rate: 100, durationS: 100 }), {
      rng: mulberry32(5),
      arrivals: 'poisson',
    });
    const n = times(s).length;
    // Poisson(10,000): sd 100.
    expect(n).toBeGreaterThan(9600);
    expect(n).toBeLessThan(10_400);
  });

  it('replays a binned trace compressed by speed and multiplied by scale', () => {
    const trace = parseTrace('minute,arrivals\n0,6\n1,0\n2,12\n');
    const s = buildSchedule(
      profile({ shape: 'trace', rate: 0, durationS: 1000, speed: 60, scale: 0.5 }),
      { trace, rng: mulberry32(1) },
    );
    // Three recorded minutes at 60x last 3 s; counts halved.
    expect(s.durationS).toBe(3);
    expect(perInterval(s, 1)).toEqual([3, 0, 6]);
    expect(s.rateAt(2.5)).toBe(6);
  });

  it('cuts a trace replay at the profile duration', () => {
    const trace = parseTrace('second,arrivals\n0,5\n1,5\n2,5\n3,5\n');
    const s = buildSchedule(profile({ shape: 'trace', durationS: 2 }), {
      trace,
      rng: mulberry32(1),
    });
    expect(s.durationS).toBe(2);
    expect(times(s)).toHaveLength(10);
  });

  it('replays a task list with its recorded durations compressed', () => {
    const trace = parseTrace('arrival_s,duration_s\n0,2\n10,\n20,4\n');
    const s = buildSchedule(
      profile({ shape: 'trace', durationS: 100, speed: 10, workMs: 77 }),
      { trace },
    );
    const all: unknown[] = [];
    const arrivals = s.arrivals();
    for (let next = arrivals.next(); !next.done; next = arrivals.next()) all.push(next.value);
    expect(all).toEqual([
      { atS: 0, workMs: 200 },
      { atS: 1, workMs: 77 },
      { atS: 2, workMs: 400 },
    ]);
    expect(s.durationS).toBe(2);
  });

  it('passes the profile workMs on synthetic shapes', () => {
    const s = buildSchedule(profile({ shape: 'constant', rate: 1, durationS: 1, workMs: 5 }));
    const first = s.arrivals().next().value;
    expect(first?.atS).toBeCloseTo(0.5, 9);
    expect(first?.workMs).toBe(5);
  });
});
