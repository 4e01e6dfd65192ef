import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/main/log/logger';
import { LatencyHistogram } from '../../../src/main/traffic/latency-histogram';
import { TrafficRunner } from '../../../src/main/traffic/runner';
import { GantryError } from '../../../src/shared/api/errors';
import type { TrafficProgress, TrafficSummary } from '../../../src/shared/traffic';
import { waitFor } from '../worker/spawn-worker';
import { FakeTarget, HangingTarget, VirtualClock } from './fakes';

const constant = (rate: number, durationS: number, workMs = 200) => ({
  shape: 'constant' as const,
  rate,
  durationS,
  workMs,
});

async function runToEnd(runner: TrafficRunner): Promise<TrafficSummary> {
  const summary = await runner.finished();
  if (!summary) throw new Error('no summary');
  return summary;
}

describe('TrafficRunner', () => {
  it('submits on schedule and summarizes outcomes and latencies', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget(clock);
    const runner = new TrafficRunner(target, silentLogger(), clock);

    const progress = runner.start(constant(10, 3, 200));
    expect(progress).toMatchObject({ running: true, submitted: 0, durationS: 3, currentRate: 10 });
    const summary = await runToEnd(runner);

    expect(summary).toMatchObject({ running: false, submitted: 30, succeeded: 30, failed: 0 });
    expect(summary.rejected).toBe(0);
    expect(summary.wait.p50).toBeCloseTo(100, -1);
    expect(Math.abs(summary.endToEnd.p99 - 300)).toBeLessThan(3);
    expect(target.specs[0]).toEqual({ payload: { workMs: 200 } });
    expect(summary.finishedAt - summary.startedAt).toBe(3000);
    expect(runner.current()).toEqual(summary);
  });

  it('counts failed tasks, errors and rejections, and pauses for Retry-After', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget(clock, (n) => {
      if (n === 5) return new GantryError('queue_full', 'queue is full', { retryAfterS: 1 });
      if (n % 4 === 0) return { state: 'dead' };
      if (n === 7) return new GantryError('timeout', 'gave up');
      return {};
    });
    const runner = new TrafficRunner(target, silentLogger(), clock);

    runner.start(constant(10, 3));
    const summary = await runToEnd(runner);

    // 30 arrivals; the 6th (at 0.55 s) is refused, and the 10 due within the next second
    // are held back and counted as rejected without being sent.
    expect(summary.submitted).toBe(30);
    expect(target.specs).toHaveLength(20);
    expect(summary.rejected).toBe(11);
    // Dispatches 0, 4, 8, 12, 16 end dead; dispatch 7 fails with an error.
    expect(summary.failed).toBe(6);
    expect(summary.succeeded).toBe(13);
  });

  it('ends the run when the target refuses every task', async () => {
    const clock = new VirtualClock();
    const target = new FakeTarget(clock, () => new GantryError('unauthorized', 'bad token'));
    const runner = new TrafficRunner(target, silentLogger(), clock);

    runner.start(constant(10, 60));
    const summary = await runToEnd(runner);

    expect(summary.error).toBe('bad token');
    expect(summary.failed).toBe(1);
    expect(target.specs.length).toBeLessThan(5);
  });

  it('refuses a second run while one is going', async () => {
    const clock = new VirtualClock();
    const runner = new TrafficRunner(new FakeTarget(clock), silentLogger(), clock);
    runner.start(constant(1, 10));
    const error = (() => {
      try {
        runner.start(constant(1, 10));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GantryError);
    expect((error as GantryError).code).toBe('conflict');
    await runner.stop();
  });

  it('stops at once, abandoning dispatches in flight', async () => {
    const target = new HangingTarget();
    const runner = new TrafficRunner(target, silentLogger());
    runner.start(constant(200, 3600));
    await waitFor(() => target.calls >= 5);

    const summary = await runner.stop();

    expect(summary?.running).toBe(false);
    expect(summary?.submitted).toBeGreaterThanOrEqual(5);
    expect(summary?.succeeded).toBe(0);
    expect(summary?.failed).toBe(0);
    expect(target.waiting).toBe(0);
    expect(runner.current()).toEqual(summary);
    expect(await runner.stop()).toEqual(summary);
  });

  it('caps dispatches in flight', async () => {
    const target = new HangingTarget();
    const runner = new TrafficRunner(target, silentLogger(), undefined, { maxInflight: 3 });
    runner.start(constant(1000, 3600));
    await waitFor(() => target.calls >= 3);
    const progress = runner.current();
    await runner.stop();
    expect(target.maxWaiting).toBe(3);
    expect(progress?.submitted).toBe(3);
  });

  it('reports progress and then the summary', async () => {
    const clock = new VirtualClock();
    const runner = new TrafficRunner(new FakeTarget(clock), silentLogger(), clock);
    const seen: (TrafficProgress | TrafficSummary)[] = [];
    runner.onChange((state) => seen.push(state));

    runner.start(constant(4, 5));
    await runToEnd(runner);

    const last = seen.at(-1);
    expect(last && 'finishedAt' in last).toBe(true);
    expect(last?.submitted).toBe(20);
    const progress = seen.slice(0, -1);
    // Every 500 virtual ms over 5 s.
    expect(progress.length).toBeGreaterThanOrEqual(9);
    expect(progress.every((p) => p.running)).toBe(true);
    const submitted = progress.map((p) => p.submitted);
    expect(submitted).toEqual(submitted.toSorted((a, b) => a - b));
  });

  it('rejects a bad trace as invalid input naming the line', () => {
    const runner = new TrafficRunner(new FakeTarget(new VirtualClock()), silentLogger());
    const traceCsv = 'minute,arrivals\n0,x\n';
    const bad = { shape: 'trace' as const, rate: 0, durationS: 10, traceCsv };
    expect(() => runner.start(bad)).toThrow(/trace:2: arrivals is not a number/);
  });
});

describe('LatencyHistogram', () => {
  it('answers percentiles within 1%', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.add(ms);
    expect(h.count).toBe(1000);
    expect(Math.abs(h.percentile(0.5) - 500) / 500).toBeLessThan(0.01);
    expect(Math.abs(h.percentile(0.99) - 990) / 990).toBeLessThan(0.01);
    expect(new LatencyHistogram().percentile(0.5)).toBe(0);
  });
});
