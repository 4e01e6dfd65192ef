import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { Settings } from '../../shared/settings';
import { defaultSettings } from '../../shared/settings';
import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/types';
import { Logger } from '../log/logger';
import type { LoopDelayStats } from './event-loop-delay';
import { measureLoopDelay } from './event-loop-delay';

/** The burst the desktop app's main process must absorb without stalling its UI work. */
export interface BurstOptions {
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
  tasks: 20_000,
  batch: 500,
  workMs: 5,
  workers: 4,
  workerConcurrency: 16,
  durability: 'fsync',
  deadlineMs: 180_000,
};

export interface BurstResult {
  options: BurstOptions;
  /** The engine's process. */
  loop: LoopDelayStats & { durationMs: number };
  /** An idle process beside it: the machine's share of the delay. */
  bystander: LoopDelayStats;
  succeeded: number;
  /** Snapshots and events serialized as `webContents.send` would. */
  pushes: number;
  pushBytes: number;
}

/**
 * Hosts the engine in this process as the desktop app's main process does (local worker
 * processes, the journal on disk, every snapshot and event serialized for IPC) and measures
 * the event-loop delay while a burst is submitted and drained.
 */
export async function runBurst(options: BurstOptions = DEFAULT_BURST): Promise<BurstResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-loop-bench-'));
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
  const engine = await createEngine(settings, { logger: new Logger([], 'error') });
  let pushes = 0;
  let pushBytes = 0;
  const ipcCost = (value: unknown) => {
    pushes += 1;
    pushBytes += serialize(value).byteLength;
  };
  const offSnapshot = engine.onSnapshot(ipcCost);
  const offEvent = engine.onEvent(ipcCost);
  let probe: Bystander | undefined;
  try {
    await engine.start();
    await waitFor(() => readyWorkers(engine) >= options.workers, 60_000, 'workers ready');
    probe = await startBystander();
    const loop = await measureLoopDelay(async () => {
      for (let sent = 0; sent < options.tasks; sent += options.batch) {
        const size = Math.min(options.batch, options.tasks - sent);
        const specs = Array.from({ length: size }, (_, i) => ({ payload: { n: sent + i, workMs: options.workMs } }));
        await engine.handlers['queue.enqueue'](specs);
      }
      await waitFor(() => succeeded(engine) >= options.tasks, options.deadlineMs, 'the burst to drain');
    });
    const bystander = await probe.stop();
    return { options, loop, bystander, succeeded: succeeded(engine), pushes, pushBytes };
  } finally {
    probe?.kill();
    offSnapshot();
    offEvent();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function readyWorkers(engine: Engine): number {
  return engine.snapshot().workers.filter((worker) => worker.state === 'ready').length;
}

function succeeded(engine: Engine): number {
  return engine.snapshot().queue.counts.succeeded;
}

async function waitFor(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
