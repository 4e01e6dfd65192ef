import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SideFigures, SimToRealResult } from '../main/bench/sim-to-real';
import { DEFAULT_POLICY, POLICY_NAMES } from '../shared/scaling';
import { parseDurationMs } from '../shared/units';
import { tracesDir } from '../main/package-info';
import { UsageError } from './command';
import { choiceFlag, numberFlag } from './flag-values';

/** The trace replayed when none is given. */
const DEFAULT_TRACE = join(tracesDir(), 'nasa_http_1995_jul01-27_per_minute.csv');

/**
 * `gantry sim --real`; `argv` without the flag itself. Replays a trace through a real engine
 * (fresh temporary data directory, local reference worker processes) in wall-clock time,
 * then through the simulator with the same policy, pool and tasks and the start latency and
 * dispatch overhead measured on the real run, and prints both sides' worker-seconds
 * (starting and draining time counted) and waits. Resolves to the exit code.
 */
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
    throw new UsageError(`--reconcile must be at least 100ms, got "${values.reconcile}"`);
  }
  const count = (name: 'min-workers' | 'max-workers' | 'worker-concurrency', min: number) =>
    numberFlag(values[name], name, { min, max: 1000, integer: true });
  const minWorkers = count('min-workers', 0) ?? 1;
  const maxWorkers = count('max-workers', 1) ?? 8;
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
    workerConcurrency: count('worker-concurrency', 1) ?? 4,
    reconcileMs,
    seed: numberFlag(values.seed, 'seed', { min: 0, integer: true }) ?? 1,
  });
  const text = values.json ? JSON.stringify(result, null, 2) : simToRealTable(result);
  process.stdout.write(`${text}\n`);
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
  const ms = (v: number) => v.toFixed(0);
  return [
    `${r.workload.name}: ${r.workload.tasks} tasks over ${ms(r.workload.periodS)} s ` +
      `(${r.workload.about}; speed ${s.speed}, scale ${s.scale}, seed ${s.seed}); ` +
      `real run ${ms(r.wallS)} s`,
    `policy ${s.policy}, workers ${s.minWorkers}..${s.maxWorkers} x ${s.workerConcurrency} ` +
      `slots, reconcile ${s.reconcileMs} ms, tasks ${s.workMs} ms`,
    `measured: start ${ms(m.startLatency.minMs)}..${ms(m.startLatency.maxMs)} ms ` +
      `(mean ${ms(m.startMeanMs)}, ${m.startSamples} starts), stop ${ms(m.stopMeanMs)} ms ` +
      `(${m.stopSamples} drains), dispatch overhead per task mean ${m.overheadMeanMs.toFixed(1)} ` +
      `ms, p50 ${ms(m.overheadP50Ms)}, p90 ${ms(m.overheadP90Ms)}, p99 ${ms(m.overheadP99Ms)}; ` +
      `dispatch delay mean ${m.delayMeanMs.toFixed(1)} ms, p50 ${ms(m.delayP50Ms)}, ` +
      `p99 ${ms(m.delayP99Ms)} (${m.delaySamples} tasks that found a free slot); ` +
      `ticks from ${ms(m.firstTickMs ?? 0)} ms every ` +
      `${(m.tickPeriodMs ?? s.reconcileMs).toFixed(1)} ms`,
    '',
    '| figure | real | sim | sim vs real | sim, no overhead, delay or tick phase |',
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
