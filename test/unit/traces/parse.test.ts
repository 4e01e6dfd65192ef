import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tracesDir } from '../../../src/main/package-info';
import { parseTrace, TraceError } from '../../../src/shared/traces';

const TRACES = tracesDir();

function fails(csv: string): TraceError {
  try {
    parseTrace(csv, 'f.csv');
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error('parseTrace accepted the input');
}

describe('parseTrace', () => {
  it('reads the NASA per-minute trace', () => {
    const path = `${TRACES}/nasa_http_1995_jul01-27_per_minute.csv`;
    const trace = parseTrace(readFileSync(path, 'utf8'), path);
    if (trace.kind !== 'binned') throw new Error('expected a binned trace');
    expect(trace.binS).toBe(60);
    expect(trace.counts).toHaveLength(38_880);
    expect(trace.counts.slice(0, 4)).toEqual([42, 61, 57, 71]);
    expect(trace.counts.at(-1)).toBe(24);
    expect(Math.max(...trace.counts)).toBe(405);
  });

  it('reads the Azure per-minute trace', () => {
    const path = `${TRACES}/azure_functions_2019_sample1350_aggregate_per_minute.csv`;
    const trace = parseTrace(readFileSync(path, 'utf8'), path);
    if (trace.kind !== 'binned') throw new Error('expected a binned trace');
    expect(trace.counts).toHaveLength(1440);
    expect(trace.counts[0]).toBe(1311);
    expect(Math.max(...trace.counts)).toBe(1611);
  });

  it('reads seconds, fills gaps with empty bins, tolerates BOM, CRLF and blank lines', () => {
    const trace = parseTrace('\uFEFFsecond,arrivals\r\n0,3\r\n2,5\r\n\r\n\r\n');
    expect(trace).toEqual({ kind: 'binned', binS: 1, counts: [3, 0, 5] });
  });

  it('reads a task list, sorts it and ignores extra columns', () => {
    const trace = parseTrace('arrival_s,duration_s,function\n2.5,0.1,a\n0.5,,b\n1,3,c\n');
    expect(trace).toEqual({
      kind: 'tasks',
      tasks: [{ arrivalS: 0.5 }, { arrivalS: 1, durationS: 3 }, { arrivalS: 2.5, durationS: 0.1 }],
    });
  });

  it('accepts a task list without durations', () => {
    expect(parseTrace('arrival_s\n1\n2\n')).toEqual({
      kind: 'tasks',
      tasks: [{ arrivalS: 1 }, { arrivalS: 2 }],
    });
  });

  it('rejects an unknown header, naming the accepted ones', () => {
    const error = fails('time,count\n0,1\n');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/^f\.csv:1: unknown header "time,count"/);
    expect(error.message).toContain('minute,arrivals');
  });

  it('rejects the durations table, which is not an arrival trace', () => {
    const path = `${TRACES}/azure_functions_2019_durations_500funcs.csv`;
    expect(() => parseTrace(readFileSync(path, 'utf8'), path)).toThrow(/unknown header/);
  });

  it('rejects an empty file', () => {
    expect(fails('\n\n').message).toBe('f.csv: empty file: no header line');
  });

  it('names the line of a non-numeric value', () => {
    const error = fails('minute,arrivals\n0,1\n1,abc\n');
    expect(error.line).toBe(3);
    expect(error.message).toBe('f.csv:3: arrivals is not a number: "abc"');
  });

  it('names the line of a negative value', () => {
    expect(fails('minute,arrivals\n0,-4\n').message).toBe('f.csv:2: arrivals is negative: -4');
    expect(fails('arrival_s,duration_s\n1,-2\n').line).toBe(2);
  });

  it('names the line of a missing column', () => {
    expect(fails('minute,arrivals\n0\n').message).toBe('f.csv:2: missing arrivals (column 2)');
  });

  it('rejects bins that do not increase', () => {
    const error = fails('minute,arrivals\n0,1\n1,1\n1,2\n');
    expect(error.line).toBe(4);
    expect(error.message).toContain('bins must be increasing');
    expect(fails('minute,arrivals\n0.5,1\n').message).toContain('whole number');
  });

  it('rejects absurd bin indexes instead of allocating them', () => {
    expect(fails('second,arrivals\n1700000000,1\n').message).toContain('above the limit');
  });
});
