import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { Snapshot } from '../../shared/snapshot';
import type { Settings } from '../../shared/settings';
import { defaultSettings } from '../../shared/settings';
import type { TaskCounts } from '../../shared/tasks';
import { EngineProcessClient } from '../electron/engine-process/client';
import { forkNodeEngine } from '../electron/engine-process/node-child';
import type { Invoke } from '../electron/invoke';
import { inProcessInvoke } from '../electron/invoke';
import { createEngine } from '../engine/create-engine';
import { Logger } from '../log/logger';
import type { LoopDelayStats } from './event-loop-delay';
import { measureLoopDelay } from './event-loop-delay';

/** Where the engine runs relative to the measured (main) process. */
export type EngineHosting = 'in-process' | 'engine-process';

/** The burst the desktop app's main process must absorb without stalling its UI work. */
export interface BurstOptions {
  hosting: EngineHosting;
  /** Tasks submitted, as fast as the engine accepts them. */
  tasks: number;
  /** Tasks per `queue.enqueue` call (the HTTP API takes arrays too). */
  batch: number;
  /** Simulated work per task on the reference worker. */
  workMs: number;
  workers: number;
  workerConcurrency: number;
  durability: Settings['durability'];
  /** Gives up waiting for the queue to drain after this long. */
  deadlineMs: number;
}

export const DEFAULT_BURST: BurstOptions = {
  hosting: 'in-process',
  tasks: 10_000,
  batch: 500,
  workMs: 5,
  workers: 4,
  workerConcurrency: 16,
  durability: 'fsync',
  deadlineMs: 120_000,
};

export interface BurstResult {
  options: BurstOptions;
  /** The main process. */
  loop: LoopDelayStats & { durationMs: number };
  /** An idle process beside it: the machine's share of the delay. */
  bystander: LoopDelayStats;
  /** False when the deadline passed before every task finished. */
  drained: boolean;
  counts: TaskCounts | undefined;
  /** Snapshots and events serialized as `webContents.send` would. */
  pushes: number;
  pushBytes: number;
}

/** The engine as the measured process reaches it. */
interface BenchHost {
  invoke: Invoke;
  latest(): Snapshot | undefined;
  stop(): Promise<void>;
}

/**
 * Plays the desktop app's main process (every call through `Invoke`, every snapshot and
 * event serialized as for IPC to the window) with the engine in this process or in its own,
 * and measures this process's event-loop delay while a burst is submitted and drained.
 * Workers are local processes and the journal is on disk, as in the app.
 */
export async function runBurst(options: BurstOptions = DEFAULT_BURST): Promise<BurstResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-loop-bench-'));
  let pushes = 0;
  let pushBytes = 0;
  const toWindow = (value: unknown) => {
    pushes += 1;
    pushBytes += serialize(value).byteLength;
  };
  const host =
    options.hosting === 'in-process'
      ? await inProcessHost(options, dataDir, toWindow)
      : await engineProcessHost(options, dataDir, toWindow);
  let probe: Bystander | undefined;
  try {
    const ready = () => (host.latest()?.workers ?? []).filter((w) => w.state === 'ready').length;
    if (!(await until(() => ready() >= options.workers, 60_000))) {
      throw new Error(`${options.workers} workers did not become ready within 60 s`);
    }
    probe = await startBystander();
    let drained = false;
    const loop = await measureLoopDelay(async () => {
      for (let sent = 0; sent < options.tasks; sent += options.batch) {
        const size = Math.min(options.batch, options.tasks - sent);
        const specs = Array.from({ length: size }, (_, i) => ({
          payload: { n: sent + i, workMs: options.workMs },
        }));
        const answer = await host.invoke('queue.enqueue', specs);
        if (!answer.ok) throw new Error(`enqueue refused: ${answer.error.message}`);
      }
      drained = await until(() => finished(host.latest()) >= options.tasks, options.deadlineMs);
    });
    const bystander = await probe.stop();
    return {
      options,
      loop,
      bystander,
      drained,
      counts: host.latest()?.queue.counts,
      pushes,
      pushBytes,
    };
  } finally {
    probe?.kill();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function inProcessHost(
  options: BurstOptions,
  dataDir: string,
  toWindow: (v: unknown) => void,
): Promise<BenchHost> {
  const settings: Settings = {
    ...defaultSettings(),
    data: dataDir,
    port: 0,
    runtime: 'process',
    minWorkers: options.workers,
    maxWorkers: options.workers,
    workerConcurrency: options.workerConcurrency,
    maxQueue: Math.max(options.tasks * 2, 1000),
    durability: options.durability,
    logLevel: 'error',
  };
  const logger = new Logger([], 'error');
  const engine = await createEngine(settings, { logger });
  engine.onSnapshot(toWindow);
  engine.onEvent(toWindow);
  await engine.start();
  return {
    invoke: inProcessInvoke(engine.handlers, logger),
    latest: () => engine.snapshot(),
    stop: () => engine.stop(),
  };
}

async function engineProcessHost(
  options: BurstOptions,
  dataDir: string,
  toWindow: (v: unknown) => void,
): Promise<BenchHost> {
  const argv = [
    '--data',
    dataDir,
    '--port',
    '0',
    '--runtime',
    'process',
    '--log-level',
    'error',
    '--min-workers',
    String(options.workers),
    '--max-workers',
    String(options.workers),
    '--worker-concurrency',
    String(options.workerConcurrency),
    '--durability',
    options.durability,
    '--max-queue',
    String(Math.max(options.tasks * 2, 1000)),
  ];
  const client = new EngineProcessClient(forkNodeEngine(), { argv, env: {}, cwd: process.cwd() });
  let latest: Snapshot | undefined;
  client.onSnapshot((snapshot) => {
    latest = snapshot;
    toWindow(snapshot);
  });
  client.onEvent(toWindow);
  await client.started;
  return { invoke: client.invoke, latest: () => latest, stop: () => client.stop() };
}

function finished(snapshot: Snapshot | undefined): number {
  if (snapshot === undefined) return 0;
  const counts = snapshot.queue.counts;
  return counts.succeeded + counts.dead + counts.canceled;
}

/** Polls `condition` until it holds (true) or `deadlineMs` passes (false). */
async function until(condition: () => boolean, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

interface Bystander {
  stop(): Promise<LoopDelayStats>;
  kill(): void;
}

/** Starts the idle probe process and waits until it measures. */
async function startBystander(): Promise<Bystander> {
  const path = new URL('./loop-delay-probe.ts', import.meta.url);
  const child: ChildProcess = fork(path, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
  });
  return {
    stop: () =>
      new Promise<LoopDelayStats>((resolve, reject) => {
        child.once('message', (stats) => resolve(stats as LoopDelayStats));
        child.once('error', reject);
        child.send('stop');
      }),
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}
