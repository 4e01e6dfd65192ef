import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../shared/settings';
import { defaultSettings } from '../../shared/settings';
import type { TaskSpec } from '../../shared/tasks';
import { startHttpServer } from '../api/server';
import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/types';
import type { Logger } from '../log/logger';
import { silentLogger } from '../log/logger';
import { MemoryStore } from '../queue/memory-store';

/** Queue durability of a run; `memory` keeps the queue in memory only (no journal). */
export type E2eBenchMode = 'fsync' | 'relaxed' | 'memory';

export interface E2eBenchOptions {
  /** No-op tasks per mode (default 20,000). */
  tasks?: number;
  /** Worker processes (default 4). */
  workers?: number;
  /** Task slots per worker (default 32). */
  concurrency?: number;
  modes?: E2eBenchMode[];
  /** Tasks per submit request (default 50). */
  batch?: number;
  /** Submit requests in flight at once (default 8). */
  submitters?: number;
  /** Submit through the HTTP API (default); false calls the engine in-process. */
  viaHttp?: boolean;
  logger?: Logger;
  /** Reports each finished mode (the CLI prints progress). */
  onResult?: (result: E2eBenchResult) => void;
}

export interface E2eBenchResult {
  mode: E2eBenchMode;
  via: 'http' | 'in-process';
  tasks: number;
  workers: number;
  concurrency: number;
  batch: number;
  /** First submit to last task succeeded. */
  seconds: number;
  tasksPerSecond: number;
  /** Latency of one submit request (`batch` tasks, acknowledged once durable), ms. */
  submitP50Ms: number;
  submitP99Ms: number;
  /**
   * CPU time (user + system) of this process per task: the engine, the HTTP API and the
   * submitting client, not the workers. Steadier than tasks/s on a shared machine.
   */
  cpuUsPerTask: number;
  /** CPU time of all worker processes per task (Linux /proc; undefined elsewhere). */
  workerCpuUsPerTask?: number;
  failed: number;
}

/**
 * End-to-end throughput: no-op tasks submitted (over the HTTP API, acknowledged once
 * durable), pushed by the dispatcher to reference worker processes (workMs 0), completed
 * and journaled, per queue durability.
 */
export async function benchEndToEnd(options: E2eBenchOptions = {}): Promise<E2eBenchResult[]> {
  const results: E2eBenchResult[] = [];
  for (const mode of options.modes ?? (['fsync', 'relaxed', 'memory'] as const)) {
    const result = await runMode(mode, options);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}

async function runMode(mode: E2eBenchMode, options: E2eBenchOptions): Promise<E2eBenchResult> {
  const tasks = options.tasks ?? 20_000;
  const workers = options.workers ?? 4;
  const concurrency = options.concurrency ?? 32;
  const batch = options.batch ?? 50;
  const submitters = options.submitters ?? 8;
  const viaHttp = options.viaHttp ?? true;
  const logger = options.logger ?? silentLogger();
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-e2e-bench-'));
  const settings: Settings = {
    ...defaultSettings(),
    data: dataDir,
    runtime: 'process',
    minWorkers: workers,
    maxWorkers: workers,
    workerConcurrency: concurrency,
    workerWorkMs: 0,
    durability: mode === 'memory' ? 'relaxed' : mode,
    maxQueue: Math.max(100_000, tasks * 2),
    logLevel: 'warn',
  };
  const store = mode === 'memory' ? new MemoryStore() : undefined;
  const engine = await createEngine(settings, { logger, store });
  const token = randomBytes(16).toString('hex');
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  try {
    await engine.start();
    await waitFor(() => engine.snapshot().autoscaler.workers.ready >= workers, 60_000, 'workers');
    if (viaHttp) {
      server = await startHttpServer(engine, {
        port: 0,
        token,
        maxPayloadBytes: settings.maxPayload,
        logger,
      });
    }
    const submit = server ? httpSubmitter(server.port, token, submitters) : inProcess(engine);
    const latencies: number[] = [];
    const pids = engine.snapshot().workers.map((w) => Number(w.ref));
    const workersBefore = await workersCpuUs(pids);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const loop = async () => {
      while (next < tasks) {
        const count = Math.min(batch, tasks - next);
        next += count;
        const specs: TaskSpec[] = Array.from({ length: count }, () => ({ payload: { workMs: 0 } }));
        const t0 = performance.now();
        await submit.send(specs);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: submitters }, loop));
    // Every submit was acknowledged, so once nothing waits or runs, every task is final.
    await waitFor(() => unfinished(engine) === 0, 600_000, 'tasks to finish');
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const workersAfter = await workersCpuUs(pids);
    submit.close();
    const failed = await failedCount(engine);
    latencies.sort((a, b) => a - b);
    return {
      mode,
      via: server ? 'http' : 'in-process',
      tasks,
      workers,
      concurrency,
      batch,
      seconds: Math.round(seconds * 1000) / 1000,
      tasksPerSecond: Math.round(tasks / seconds),
      submitP50Ms: round1(percentile(latencies, 0.5)),
      submitP99Ms: round1(percentile(latencies, 0.99)),
      cpuUsPerTask: Math.round((cpu.user + cpu.system) / tasks),
      workerCpuUsPerTask:
        workersBefore === undefined || workersAfter === undefined
          ? undefined
          : Math.round((workersAfter - workersBefore) / tasks),
      failed,
    };
  } finally {
    await server?.close();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/** Summed user + system CPU of the processes, in µs, from /proc (undefined if unreadable). */
async function workersCpuUs(pids: number[]): Promise<number | undefined> {
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * (1_000_000 / CLOCK_TICKS);
    } catch {
      return undefined;
    }
  }
  return total;
}

/** Linux's USER_HZ, the unit of /proc times (100 on every common kernel build). */
const CLOCK_TICKS = 100;

function unfinished(engine: Engine): number {
  const { scheduled, queued, running } = engine.snapshot().queue.counts;
  return scheduled + queued + running;
}

/** Dead and canceled tasks, from the counters (the queue keeps only recent final tasks). */
async function failedCount(engine: Engine): Promise<number> {
  const text = await engine.metricsText();
  let failed = 0;
  for (const outcome of ['dead', 'canceled']) {
    const pattern = `gantry_tasks_finished_total\\{outcome="${outcome}"\\} (\\d+)`;
    const match = new RegExp(pattern).exec(text);
    failed += Number(match?.[1] ?? 0);
  }
  return failed;
}

interface Submitter {
  send(specs: TaskSpec[]): Promise<void>;
  close(): void;
}

function inProcess(engine: Engine): Submitter {
  return {
    send: async (specs) => {
      await engine.handlers['queue.enqueue'](specs);
    },
    close: () => {},
  };
}

/** `POST /enqueue-task` over keep-alive connections, as a client would. */
function httpSubmitter(port: number, token: string, sockets: number): Submitter {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    send: (specs) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify(specs);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/enqueue-task',
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              if (res.statusCode === 202 || res.statusCode === 200) resolve();
              else reject(new Error(`submit answered ${res.statusCode}: ${Buffer.concat(chunks)}`));
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
