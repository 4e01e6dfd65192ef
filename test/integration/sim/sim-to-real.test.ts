import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simToReal } from '../../../src/main/bench/sim-to-real';

/** 30 s of arrivals per second: quiet, a ramp to 8/s that needs several workers, quiet. */
function rampTrace(): string {
  const counts = [1, 1, 2, 2, 4, 6, 8, 8, 8, 8, 8, 8, 6, 6, 4, 4, 2, 2, 1, 1];
  while (counts.length < 30) counts.push(1);
  return ['second,arrivals', ...counts.map((c, i) => `${i},${c}`)].join('\n');
}

describe('sim-to-real harness', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('replays one workload through the engine and the simulator and reports both', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-sim-to-real-test-'));
    const tracePath = join(dir, 'ramp.csv');
    await writeFile(tracePath, rampTrace());
    const result = await simToReal({
      tracePath,
      bins: [0, 30],
      speed: 1,
      scale: 1,
      workMs: 1000,
      policy: 'predictive',
      minWorkers: 1,
      maxWorkers: 6,
      workerConcurrency: 2,
      reconcileMs: 1000,
      seed: 7,
    });
    const tasks = result.workload.tasks;
    // Whole counts per bin: exactly their sum.
    expect(tasks).toBe(100);
    // Every arrival ran on a real worker, and the simulator, fed the measured parameters,
    // ran the same tasks.
    expect(result.real.completed).toBe(tasks);
    expect(result.sim.tasks).toBe(tasks);
    expect(result.sim.completed).toBe(tasks);
    // The ramp needs more than the minimum: workers were started and their start timed.
    expect(result.measured.startSamples).toBeGreaterThan(0);
    expect(result.measured.startLatency.minMs).toBeGreaterThan(0);
    expect(result.measured.startLatency.maxMs).toBeGreaterThanOrEqual(
      result.measured.startLatency.minMs,
    );
    // A worker with 2 slots busy for T seconds costs at least T/2 worker-seconds: both sides'
    // cost is at least the work, so it was counted from the workers' lives.
    const workBound = (tasks * 1) / 2;
    expect(result.real.workerSeconds).toBeGreaterThanOrEqual(workBound);
    expect(result.sim.workerSeconds).toBeGreaterThanOrEqual(workBound);
    for (const side of [result.real, result.sim]) {
      expect(Number.isFinite(side.waitP95Ms)).toBe(true);
      expect(side.waitP95Ms).toBeGreaterThanOrEqual(side.waitP50Ms);
    }
    expect(Number.isFinite(result.delta.workerSeconds)).toBe(true);
  }, 120_000);
});
