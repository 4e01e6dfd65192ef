import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/shared/random';
import { parseDurations } from '../../../src/main/sim/durations';
import { buildShape, SHAPE_NAMES } from '../../../src/main/sim/shapes';

const HEADER =
  'hash_app,hash_function,count,avg_ms,min_ms,max_ms,p0_ms,p1_ms,p25_ms,p50_ms,p75_ms,p99_ms,p100_ms';

describe('durations model', () => {
  it('picks functions by invocation count and run times from their percentile curve', () => {
    const csv = [
      HEADER,
      'a,f,300,100,100,100,100,100,100,100,100,100,100',
      'b,g,100,0,0,0,1000,1000,1000,2000,3000,3000,3000',
    ].join('\n');
    const draw = parseDurations(csv);
    const rng = mulberry32(5);
    const values = Array.from({ length: 4000 }, () => draw(rng));
    const short = values.filter((v) => v === 100).length / values.length;
    expect(short).toBeGreaterThan(0.72);
    expect(short).toBeLessThan(0.78);
    const long = values.filter((v) => v !== 100);
    expect(Math.min(...long)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...long)).toBeLessThanOrEqual(3000);
    // The median of g is 2000: about half of its draws fall below it.
    const below = long.filter((v) => v < 2000).length / long.length;
    expect(below).toBeGreaterThan(0.4);
    expect(below).toBeLessThan(0.6);
  });

  it('names the file and line of a bad row, and a missing column', () => {
    expect(() => parseDurations(`${HEADER}\na,f,x,1,1,1,1,1,1,1,1,1,1`, 'd.csv')).toThrow(
      'd.csv:2',
    );
    expect(() => parseDurations('count,p50_ms\n1,1', 'd.csv')).toThrow('p0_ms');
  });
});

describe('shapes', () => {
  it.each(SHAPE_NAMES)('%s is reproducible for a seed and has arrivals', (name) => {
    const a = buildShape(name, mulberry32(1));
    const b = buildShape(name, mulberry32(1));
    expect(a.trace.counts).toEqual(b.trace.counts);
    expect(a.trace.counts.reduce((x, y) => x + y, 0)).toBeGreaterThan(5);
  });
});
