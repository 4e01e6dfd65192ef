import { writeFile } from 'node:fs/promises';
import { SIM_SHAPES, SimRunInputSchema } from '../../shared/api/contract/sim';
import type { SimRunInput } from '../../shared/api/contract/sim';
import { GantryError } from '../../shared/api/errors';
import { DEFAULT_POLICY, POLICY_NAMES, policyParamSpecs } from '../../shared/scaling';
import type { PolicyName } from '../../shared/scaling';
import { resultTable } from '../../main/sim/format';
import { writeReport } from '../../main/sim/report';
import { runSimRequest } from '../../main/sim/rpc';
import { resultSvg } from '../../main/sim/svg';
import type { Command } from '../command';
import { UsageError } from '../command';
import { choiceFlag, numberFlag, readFlags } from '../flag-values';

const USAGE = `gantry sim: replay a workload through a scaling policy, in simulated time

Usage: gantry sim [--trace FILE | --shape NAME] [flags]

Workload
  --trace FILE            trace CSV: minute,arrivals | second,arrivals | arrival_s,duration_s
  --shape NAME            built-in shape: ${SIM_SHAPES.join(', ')} (default step)
  --scale X               multiply arrivals by X
  --bins A:B              keep bins A (inclusive) to B (exclusive) of the trace
  --work-ms N             run time of every task in ms (default 2000, or the shape's own)
  --durations FILE        draw run times from an Azure-Functions durations CSV
  --seed S                random seed, a number or a word (default 1)

Pool and policy
  --policy NAME           ${POLICY_NAMES.join(', ')} (default ${DEFAULT_POLICY})
  --compare               run every policy on the same workload
  --param K=V             a policy knob, repeatable (e.g. --param cooldownMs=10000)
  --worker-concurrency N  task slots per worker (default 4)
  --min-workers N         (default 0)      --max-workers N   (default 1000)
  --start-latency D       worker start time, fixed (5s) or uniform (2s..8s) (default 5s)
  --reconcile D           autoscaler period (default 1s)
  --slo D                 wait objective: a task should start within D (default 10s)

Output
  --json                  results as JSON (figures, series, scale marks, last decisions)
  --svg FILE              chart of the (first) run: arrivals, backlog, workers vs oracle
  --knobs                 list the chosen policy's knobs with unit, range and default
  --real                  instead: replay the workload through the engine (worker processes,
                          wall-clock time) and the simulator, side by side; takes --trace,
                          --bins, --speed, --scale, --work-ms, --policy, --min-workers,
                          --max-workers, --worker-concurrency, --reconcile, --seed, --json
                          (defaults: the NASA trace, bins 3000:3600, --speed 60, --scale 0.2,
                          1500 ms tasks, 1..8 workers x 4 slots; docs/autoscaling.md)
  --report FILE           regenerate the policy report (docs/autoscaling.md) and its charts
  --traces DIR            where --report finds the public traces (default $GANTRY_TRACES or
                          the traces/ folder of gantry)

Durations take ms, s, m or h (500ms, 10s, 2m).`;

/** `gantry sim`: the simulator on the command line. */
export const command: Command = {
  summary: 'replay a trace or shape through a scaling policy and report cost and waits',
  usage: USAGE,
  async run(argv) {
    if (argv.includes('--real')) {
      const { runSimToReal } = await import('../sim-real');
      return runSimToReal(argv.filter((a) => a !== '--real'));
    }
    const values = parse(argv);
    if (typeof values.report === 'string') {
      const summary = await writeReport(values.report, values.traces ?? undefined);
      process.stdout.write(`${summary}\n`);
      return 0;
    }
    const policy = choiceFlag(values.policy, 'policy', POLICY_NAMES) ?? DEFAULT_POLICY;
    if (values.knobs === true) {
      process.stdout.write(`${knobTable(policy)}\n`);
      return 0;
    }
    const input = toInput(values, policy);
    const parsed = SimRunInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${issue?.path.join('.') ?? 'input'}: ${issue?.message ?? 'invalid'}`);
    }
    let output;
    try {
      output = await runSimRequest(parsed.data);
    } catch (error) {
      if (error instanceof GantryError && error.code === 'invalid_input')
        throw new UsageError(error.message);
      throw error;
    }
    if (typeof values.svg === 'string' && output.results[0]) {
      await writeFile(values.svg, resultSvg(output.results[0]));
    }
    process.stdout.write(
      values.json === true
        ? `${JSON.stringify(output, null, 2)}\n`
        : `${resultTable(output.results)}\n`,
    );
    return 0;
  },
};

type Values = ReturnType<typeof parse>;

function parse(argv: string[]) {
  return readFlags(argv, {
    trace: { type: 'string' },
    shape: { type: 'string' },
    policy: { type: 'string' },
    compare: { type: 'boolean' },
    param: { type: 'string', multiple: true },
    seed: { type: 'string' },
    slo: { type: 'string' },
    scale: { type: 'string' },
    bins: { type: 'string' },
    'start-latency': { type: 'string' },
    'work-ms': { type: 'string' },
    durations: { type: 'string' },
    'worker-concurrency': { type: 'string' },
    'min-workers': { type: 'string' },
    'max-workers': { type: 'string' },
    reconcile: { type: 'string' },
    json: { type: 'boolean' },
    svg: { type: 'string' },
    knobs: { type: 'boolean' },
    report: { type: 'string' },
    traces: { type: 'string' },
  });
}

function toInput(values: Values, policy: PolicyName): SimRunInput {
  const input: SimRunInput = {
    policy,
    compare: values.compare === true,
    params: knobs(values.param ?? []),
    shape: choiceFlag(values.shape, 'shape', SIM_SHAPES),
    trace: values.trace,
    durations: values.durations,
    scale: numberFlag(values.scale, 'scale', { min: 0 }),
    workMs: numberFlag(values['work-ms'], 'work-ms', { min: 0 }),
    workerConcurrency: numberFlag(values['worker-concurrency'], 'worker-concurrency', {
      min: 1,
      integer: true,
    }),
    minWorkers: numberFlag(values['min-workers'], 'min-workers', { min: 0, integer: true }),
    maxWorkers: numberFlag(values['max-workers'], 'max-workers', { min: 1, integer: true }),
  };
  if (values.seed !== undefined)
    input.seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (values.slo !== undefined) input.slo = values.slo;
  if (values['start-latency'] !== undefined) input.startLatency = values['start-latency'];
  if (values.reconcile !== undefined) input.reconcileMs = values.reconcile;
  if (values.bins !== undefined) {
    const match = /^(\d+):(\d+)$/.exec(values.bins);
    if (!match) throw new UsageError(`--bins must be A:B (bin indices), got "${values.bins}"`);
    input.bins = [Number(match[1]), Number(match[2])];
  }
  return input;
}

/** `K=V` pairs into policy params: numbers, or true/false. */
function knobs(pairs: string[]): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(pair);
    if (!match) throw new UsageError(`--param must be NAME=VALUE, got "${pair}"`);
    const [, name = '', raw = ''] = match;
    const value = raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new UsageError(`--param ${name} must be a number or true/false, got "${raw}"`);
    }
    out[name] = value;
  }
  return out;
}

function knobTable(policy: PolicyName): string {
  const lines = [`Knobs of ${policy} (--param NAME=VALUE):`, ''];
  for (const spec of policyParamSpecs(policy)) {
    const range =
      spec.type === 'boolean' ? 'true|false' : `${spec.min ?? ''}..${spec.max ?? ''} ${spec.unit}`;
    lines.push(`  ${spec.name.padEnd(20)} default ${String(spec.default).padEnd(10)} ${range}`);
    lines.push(`  ${''.padEnd(20)} ${spec.doc}`);
  }
  return lines.join('\n');
}
