import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../../src/renderer/state/timeline-ring';
import { TimelineRing } from '../../src/renderer/state/timeline-ring';

const point = (ts: number, ready = 1, backlog = 0): TimelinePoint => ({
  ts,
  ready,
  starting: 0,
  draining: 0,
  desired: ready,
  backlog,
});

describe('TimelineRing', () => {
  it('keeps one point per interval and lets the newest one follow the live value', () => {
    const ring = new TimelineRing(16, 1000);
    for (const [ts, ready] of [
      [0, 1],
      [250, 2],
      [500, 3],
      [1000, 4],
      [1250, 5],
      [2000, 6],
    ] as const) {
      ring.push(point(ts, ready));
    }
    // 250 opens a second point, which 500 replaces; 1000 is an interval after 0, so it opens
    // a third, which 1250 replaces; 2000 is an interval after 500, so it opens a fourth.
    expect(ring.toArray().map((p) => [p.ts, p.ready])).toEqual([
      [0, 1],
      [500, 3],
      [1250, 5],
      [2000, 6],
    ]);
  });

  it('ignores a point older than the newest', () => {
    const ring = new TimelineRing(8, 1);
    ring.push(point(100));
    ring.push(point(50));
    expect(ring.toArray().map((p) => p.ts)).toEqual([100]);
  });

  it('overwrites the oldest points once full', () => {
    const ring = new TimelineRing(4, 1);
    for (let i = 0; i < 10; i++) ring.push(point(i * 10, i));
    expect(ring.size).toBe(4);
    expect(ring.toArray().map((p) => p.ready)).toEqual([6, 7, 8, 9]);
    expect(ring.lowerBound(75)).toBe(2);
    expect(ring.lowerBound(0)).toBe(0);
    expect(ring.lowerBound(1000)).toBe(4);
  });

  it('answers a window with the point just before it, so lines enter from the left edge', () => {
    const ring = new TimelineRing(100, 1);
    for (let s = 0; s <= 60; s++) ring.push(point(s * 1000, s));
    const series = ring.window(60_000, 10_000, 1000);
    expect(series.ready.map((p) => p.x)).toEqual([
      49_000, 50_000, 51_000, 52_000, 53_000, 54_000, 55_000, 56_000, 57_000, 58_000, 59_000,
      60_000,
    ]);
    expect(series.ready[0]?.y).toBe(49);
  });

  it('thins a long window into aligned buckets, keeping the largest backlog of each', () => {
    const ring = new TimelineRing(200, 1);
    for (let i = 0; i < 100; i++) ring.push(point(i, i, i === 42 ? 999 : 1));
    const series = ring.window(99, 1000, 10);
    expect(series.ready).toHaveLength(10);
    expect(series.starting.map((p) => p.x)).toEqual(series.ready.map((p) => p.x));
    expect(series.desired.map((p) => p.x)).toEqual(series.ready.map((p) => p.x));
    // Bucket 4 holds points 40..49: its x is its last point, its backlog the spike.
    expect(series.ready[4]).toEqual({ x: 49, y: 49 });
    expect(series.backlog[4]).toEqual({ x: 49, y: 999 });
    expect(series.backlog.filter((p) => p.y === 999)).toHaveLength(1);
  });

  it('leaves unknown backlog out of the backlog series', () => {
    const ring = new TimelineRing(8, 1);
    ring.push(point(1, 1, Number.NaN));
    ring.push(point(2, 1, 5));
    const series = ring.window(2, 10, 100);
    expect(series.ready).toHaveLength(2);
    expect(series.backlog).toEqual([{ x: 2, y: 5 }]);
  });

  it('is empty for a window after a reset', () => {
    const ring = new TimelineRing(8, 1);
    ring.push(point(1));
    ring.reset([]);
    expect(ring.window(10, 100, 10).ready).toEqual([]);
  });
});
