import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SideFigures, SimToRealResult } from '../main/bench/sim-to-real';
import { DEFAULT_POLICY, POLICY_NAMES } from '../shared/scaling';
import { parseDurationMs } from '../shared/units';
import { UsageError } from './command';
import { choiceFlag, numberFlag } from './flag-values';

/** The trace replayed when none is given. */
const DEFAULT_TRACE = join(
  process.env.GANTRY_TRACES ?? '/work/shared/traces',
  'nasa_http_1995_jul01-27_per_minute.csv',
);

export const SIM_REAL_USAGE = `gantry sim --real: the same workload through the engine and the simulator

Usage: gantry sim --real [flags]

Replays a trace through a real engine (fresh temporary data directory, local worker
processes, the reference worker) in wall-clock time, then through the simulator with the
same policy, pool and tasks and the worker start latency measured on the real run, and
prints both sides' worker-seconds (starting and draining time counted) and waits.

  --trace FILE            trace CSV (default: the NASA 1995 per-minute trace)
  --bins A:B              bins of the trace to replay (default 3000:3600)
  --speed X               time compression: a recorded second lasts 1/X s (default 60)
  --scale X               multiply arrivals by X (default 0.2)
  --work-ms N             run time of every task (default 1500)
  --policy NAME           ${POLICY_NAMES.join(', ')} (default ${DEFAULT_POLICY})
  --min-workers N         (default 1)      --max-workers N   (default 8)
  --worker-concurrency N  task slots per worker (default 4)
  --reconcile D           autoscaler period (default 1s)
  --seed N                places the binned arrivals (default 1)
  --json                  the result as JSON`;

/** `gantry sim --real`; `argv` without the flag itself. Resolves to the exit code. */
export async function runSimToReal(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        trace: { type: 'string' },
        bins: { type: 'string' },
        speed: { type: 'string' },
        scale: { type: 'string' },
        'work-ms': { type: 'string' },
        policy: { type: 'string' },
        'min-workers': { type: 'string' },
        'max-workers': { type: 'string' },
        'worker-concurrency': { type: 'string' },
        reconcile: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const bins = parseBins(values.bins ?? '3000:3600');
  const reconcileMs = parseDurationMs(values.reconcile ?? '1s');
  if (reconcileMs === null || reconcileMs < 100) {
    throw new UsageError(`--reconcile must be a duration of at least 100ms, got "${values.reconcile}"`);
  }
  const minWorkers = numberFlag(values['min-workers'], 'min-workers', { min: 0, max: 64, integer: true }) ?? 1;
  const maxWorkers = numberFlag(values['max-workers'], 'max-workers', { min: 1, max: 64, integer: true }) ?? 8;
  if (maxWorkers < minWorkers) throw new UsageError('--max-workers must be at least --min-workers');
  const { simToReal } = await import('../main/bench/sim-to-real');
  if (!values.json) process.stderr.write('replaying through the engine in wall-clock time...\n');
  const result = await simToReal({
    tracePath: values.trace ?? DEFAULT_TRACE,
    bins,
    speed: numberFlag(values.speed, 'speed', { min: 0.001 }) ?? 60,
    scale: numberFlag(values.scale, 'scale', { min: 0 }) ?? 0.2,
    workMs: numberFlag(values['work-ms'], 'work-ms', { min: 0, max: 600_000 }) ?? 1500,
    policy: choiceFlag(values.policy, 'policy', POLICY_NAMES) ?? DEFAULT_POLICY,
    minWorkers,
    maxWorkers,
    workerConcurrency:
      numberFlag(values['worker-concurrency'], 'worker-concurrency', { min: 1, max: 1000, integer: true }) ?? 4,
    reconcileMs,
    seed: numberFlag(values.seed, 'seed', { min: 0, integer: true }) ?? 1,
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${simToRealTable(result)}\n`);
  return 0;
}

function parseBins(text: string): [number, number] {
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match || Number(match[2]) <= Number(match[1])) {
    throw new UsageError(`--bins must be A:B with A < B (bin indices), got "${text}"`);
  }
  return [Number(match[1]), Number(match[2])];
}

/** Settings, measured parameters and the side-by-side table, as docs/autoscaling.md shows. */
export function simToRealTable(r: SimToRealResult): string {
  const s = r.settings;
  const m = r.measured;
  const row = (label: string, pick: (f: SideFigures) => number, digits: number, delta?: number) =>
    `| ${label} | ${pick(r.real).toFixed(digits)} | ${pick(r.sim).toFixed(digits)} | ${
      delta === undefined ? '' : `${(delta * 100).toFixed(1)}%`
    } | ${pick(r.simNoOverhead).toFixed(digits)} |`;
  return [
    `${r.workload.name}: ${r.workload.tasks} tasks over ${r.workload.periodS.toFixed(0)} s ` +
      `(${r.workload.about}; speed ${s.speed}, scale ${s.scale}, seed ${s.seed}); real run ${r.wallS.toFixed(0)} s`,
    `policy ${s.policy}, workers ${s.minWorkers}..${s.maxWorkers} x ${s.workerConcurrency} slots, ` +
      `reconcile ${s.reconcileMs} ms, tasks ${s.workMs} ms`,
    `measured: start ${m.startLatency.minMs.toFixed(0)}..${m.startLatency.maxMs.toFixed(0)} ms ` +
      `(mean ${m.startMeanMs.toFixed(0)}, ${m.startSamples} starts), stop ${m.stopMeanMs.toFixed(0)} ms ` +
      `(${m.stopSamples} drains), dispatch overhead per task mean ${m.overheadMeanMs.toFixed(1)} ms, ` +
      `p50 ${m.overheadP50Ms.toFixed(0)}, p90 ${m.overheadP90Ms.toFixed(0)}, p99 ${m.overheadP99Ms.toFixed(0)}`,
    '',
    '| figure | real | sim | sim vs real | sim without overhead |',
    '|---|---|---|---|---|',
    row('worker-seconds', (f) => f.workerSeconds, 0, r.delta.workerSeconds),
    row('wait p95 (ms)', (f) => f.waitP95Ms, 0, r.delta.waitP95),
    row('wait p50 (ms)', (f) => f.waitP50Ms, 0),
    row('wait p99 (ms)', (f) => f.waitP99Ms, 0),
    row('tasks completed', (f) => f.completed, 0),
    row('peak workers', (f) => f.peakWorkers, 0),
    row('cold starts', (f) => f.coldStarts, 0),
    row('scale actions', (f) => f.scaleActions, 0),
  ].join('\n');
}
