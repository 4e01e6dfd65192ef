import { cpus, freemem, totalmem } from 'node:os';
import type { E2eBenchMode, E2eBenchResult } from '../../main/bench/e2e-bench';
import { benchEndToEnd } from '../../main/bench/e2e-bench';
import type { QueueBenchResult } from '../../main/bench/queue-bench';
import { benchQueueStore } from '../../main/bench/queue-bench';
import type { Command } from '../command';
import { UsageError } from '../command';
import { numberFlag, readFlags } from '../flag-values';

const MODES: readonly E2eBenchMode[] = ['fsync', 'relaxed', 'memory'];

const USAGE = `gantry bench: end-to-end throughput of no-op tasks

Usage: gantry bench [flags]

Each mode starts an engine with reference worker processes (workMs 0), submits --tasks
no-op tasks through the HTTP API (POST /enqueue-task, acknowledged once durable) and
times them from the first submit to the last success. Then the queue store alone.

  --tasks N        tasks per mode (default 20000)
  --workers N      worker processes (default 4)
  --concurrency N  task slots per worker (default 32)
  --batch N        tasks per submit request (default 50)
  --submitters N   submit requests in flight at once (default 8)
  --modes LIST     comma-separated: fsync,relaxed,memory (default all three)
  --in-process     submit by calling the engine directly instead of over HTTP
  --no-queue       skip the queue store benchmark
  --json           print the results as JSON on stdout
  --start-latency  instead: worker start latency (Docker bare, Docker runtime, processes)
                   with --starts N (default 20), --subjects docker-bare,docker,process`;

/** `gantry bench`: measures what docs/benchmarks.md reports. */
export const command: Command = {
  summary: 'measure end-to-end task throughput (fsync, relaxed, memory) and the queue store',
  usage: USAGE,
  async run(argv) {
    if (argv.includes('--start-latency')) {
      const { runStartLatencyBench } = await import('../bench-start-latency');
      return runStartLatencyBench(argv.filter((a) => a !== '--start-latency'));
    }
    const values = parse(argv);
    const modes = parseModes(values.modes);
    const log = (line: string) => {
      if (!values.json) process.stderr.write(`${line}\n`);
    };
    log(machineLine());
    const e2e = await benchEndToEnd({
      tasks: numberFlag(values.tasks, 'tasks', { min: 1, integer: true }),
      workers: numberFlag(values.workers, 'workers', { min: 1, max: 64, integer: true }),
      concurrency: numberFlag(values.concurrency, 'concurrency', {
        min: 1,
        max: 1000,
        integer: true,
      }),
      batch: numberFlag(values.batch, 'batch', { min: 1, max: 10_000, integer: true }),
      submitters: numberFlag(values.submitters, 'submitters', { min: 1, max: 1000, integer: true }),
      viaHttp: !values['in-process'],
      modes,
      onResult: (r) => log(`  ${r.mode}: ${r.tasksPerSecond} tasks/s`),
    });
    const queue = values['no-queue'] ? [] : await benchQueueStore({ modes });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ machine: machine(), e2e, queue }, null, 2)}\n`);
    } else {
      process.stdout.write(`${e2eTable(e2e)}\n`);
      if (queue.length) process.stdout.write(`\n${queueTable(queue)}\n`);
    }
    return 0;
  },
};

function parse(argv: string[]) {
  const text = { type: 'string' } as const;
  return readFlags(argv, {
    tasks: text,
    workers: text,
    concurrency: text,
    batch: text,
    submitters: text,
    modes: text,
    'in-process': { type: 'boolean' },
    'no-queue': { type: 'boolean' },
    json: { type: 'boolean' },
  });
}

function parseModes(value: string | undefined): E2eBenchMode[] {
  if (value === undefined) return [...MODES];
  const modes = value.split(',').map((m) => m.trim());
  for (const mode of modes) {
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`--modes takes ${MODES.join(', ')}; got "${mode}"`);
    }
  }
  return modes as E2eBenchMode[];
}

function machine() {
  return {
    cpus: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeGiB: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

function machineLine(): string {
  const m = machine();
  return `machine: ${m.cpus} cpus, ${m.memoryGiB} GiB (${m.freeGiB} free), node ${m.node}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function e2eTable(results: E2eBenchResult[]): string {
  const base = results.find((r) => r.mode === 'fsync')?.tasksPerSecond;
  const rows = results.map((r) => [
    r.mode,
    r.via,
    `${r.workers}x${r.concurrency}`,
    String(r.tasks),
    String(r.tasksPerSecond),
    base ? `${(r.tasksPerSecond / base).toFixed(2)}x` : '-',
    `${r.submitP50Ms} ms`,
    `${r.submitP99Ms} ms`,
    `${r.cpuUsPerTask} µs`,
    r.workerCpuUsPerTask === undefined ? '-' : `${r.workerCpuUsPerTask} µs`,
    String(r.failed),
  ]);
  const header = [
    'mode',
    'submit',
    'workers',
    'tasks',
    'tasks/s',
    'vs fsync',
    'submit p50',
    'p99',
    'cpu/task',
    'workers cpu/task',
    'failed',
  ];
  return `End to end (batch of ${results[0]?.batch ?? 0} per submit)\n${table(header, rows)}`;
}

function queueTable(results: QueueBenchResult[]): string {
  const rows = results.map((r) => [
    r.mode,
    String(r.tasks),
    String(r.concurrency),
    String(r.tasksPerSecond),
    r.recordsPerSync === undefined ? '-' : String(r.recordsPerSync),
  ]);
  const header = ['mode', 'cycles', 'concurrency', 'cycles/s', 'records/fsync'];
  return `Queue store alone (enqueue + lease + complete)\n${table(header, rows)}`;
}
