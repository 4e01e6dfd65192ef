import { describe, expect, it } from 'vitest';
import { SimRunInputSchema } from '../../../src/shared/api/contract/sim';
import type { SimRunInput } from '../../../src/shared/api/contract/sim';
import { POLICY_NAMES } from '../../../src/shared/scaling';
import { runSimRequest } from '../../../src/main/sim/rpc';
import { simulate, simulateAsync } from '../../../src/main/sim/simulate';
import { buildWorkload } from '../../../src/main/sim/workload';
import type { SimConfig, Workload } from '../../../src/main/sim/types';

const run = (input: SimRunInput) => runSimRequest(SimRunInputSchema.parse(input));

function workload(tasks: [number, number][], periodMs = 0): Workload {
  return {
    name: 'hand-built',
    about: '',
    arrivals: Float64Array.from(tasks.map(([a]) => a)),
    durations: Float64Array.from(tasks.map(([, d]) => d)),
    periodMs,
  };
}

const CONFIG: SimConfig = {
  policy: 'threshold',
  params: { cooldownMs: 0 },
  seed: 1,
  sloMs: 10_000,
  startLatency: { minMs: 5000, maxMs: 5000 },
  slotsPerWorker: 1,
  minWorkers: 0,
  maxWorkers: 10,
  reconcileMs: 1000,
  seriesPoints: 50,
};

describe('simulator', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const input: SimRunInput = { shape: 'spike', compare: true, seed: 7 };
    const a = JSON.stringify(await run(input));
    const b = JSON.stringify(await run(input));
    const c = JSON.stringify(await run({ ...input, seed: 8 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('starts a worker from zero for the first task and charges it from the start request', () => {
    const r = simulate(workload([[500, 3000]], 20_000), {
      ...CONFIG,
      params: { cooldownMs: 10_000 },
    });
    const f = r.figures;
    // Seen at the 1 s tick, ready at 6 s: a 5.5 s wait, then 3 s of work.
    expect(f.waitMaxMs).toBe(5500);
    expect(f.coldStarts).toBe(1);
    expect(f.completed).toBe(1);
    // Requested at 1 s, idle from 9 s, removed after a cooldown of idleness at 19 s:
    // 18 worker-s, of which 5 starting and 10 idle.
    expect(f.workerSeconds).toBe(18);
    expect(f.idleWorkerSeconds).toBe(15);
  });

  it('computes the oracle exactly: zero wait, one start latency ahead, gaps bridged when cheaper', () => {
    // One slot. Needs [0, 10] and [12, 22]: start 5 + 10 + bridge 2 + 10 = 27 s.
    expect(
      simulate(
        workload([
          [0, 10_000],
          [12_000, 10_000],
        ]),
        CONFIG,
      ).figures.oracleWorkerSeconds,
    ).toBe(27);
    // A 20 s gap is dearer than a restart: 5 + 10 + 5 + 10 = 30 s.
    expect(
      simulate(
        workload([
          [0, 10_000],
          [30_000, 10_000],
        ]),
        CONFIG,
      ).figures.oracleWorkerSeconds,
    ).toBe(30);
    // Two overlapping tasks on one slot each need two workers for the overlap.
    const overlap = simulate(
      workload([
        [0, 10_000],
        [5000, 10_000],
      ]),
      CONFIG,
    ).figures.oracleWorkerSeconds;
    expect(overlap).toBe(5 + 15 + 5 + 5);
  });

  it('costs the oracle no more than any policy that never lets a task wait', async () => {
    const zeroWait = {
      ...CONFIG,
      policy: 'target' as const,
      params: { targetPerWorker: 1 },
      minWorkers: 3,
      slotsPerWorker: 4,
    };
    for (const shape of ['step', 'flash-crowd', 'ramp'] as const) {
      const { results } = await run({ shape, compare: true, seed: 3 });
      for (const r of results) {
        // Every pool pays at least the work bound; the oracle sits between it and the policies.
        expect(r.figures.workBoundWorkerSeconds).toBeLessThanOrEqual(r.figures.workerSeconds);
        expect(r.figures.workBoundWorkerSeconds).toBeLessThanOrEqual(r.figures.oracleWorkerSeconds);
      }
      for (const r of results.filter((x) => x.figures.waitMaxMs === 0)) {
        expect(r.figures.oracleWorkerSeconds).toBeLessThanOrEqual(r.figures.workerSeconds);
      }
    }
    // A pool that is always big enough never queues, and costs at least the oracle.
    const steady = workload(
      Array.from({ length: 200 }, (_, i) => [i * 500, 1500] as [number, number]),
      100_000,
    );
    const r = simulate(steady, zeroWait);
    expect(r.figures.waitMaxMs).toBe(0);
    expect(r.figures.oracleWorkerSeconds).toBeLessThanOrEqual(r.figures.workerSeconds);
  });

  it('runs every policy on the same workload with --compare', async () => {
    const { results } = await run({ shape: 'onoff', compare: true, bins: [0, 300] });
    expect(results.map((r) => r.policy)).toEqual([...POLICY_NAMES]);
    const tasks = new Set(results.map((r) => r.figures.tasks));
    expect(tasks.size).toBe(1);
    for (const r of results) expect(r.figures.completed).toBe(r.figures.tasks);
  });

  it('names the field of a bad request', async () => {
    await expect(
      run({ shape: 'step', policy: 'threshold', params: { upStep: 0 } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      extra: { field: 'params.upStep' },
    });
    await expect(run({ trace: '/nonexistent/trace.csv' })).rejects.toMatchObject({
      extra: { field: 'trace' },
    });
    expect(SimRunInputSchema.safeParse({ startLatency: '9s..2s' }).success).toBe(false);
  });

  it('gives the event loop turns during a long run, with the same result', async () => {
    const diurnal = buildWorkload({ shape: 'diurnal', scale: 3 }, 1);
    const config = { ...CONFIG, policy: 'window' as const, params: {}, slotsPerWorker: 4 };
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const result = await simulateAsync(diurnal, config);
    clearInterval(timer);
    expect(turns).toBeGreaterThan(0);
    expect(result).toEqual(simulate(diurnal, config));
  });
});
