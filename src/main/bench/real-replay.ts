import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerEvent } from '../../shared/events';
import type { Settings } from '../../shared/settings';
import type { Task } from '../../shared/tasks';
import { createEngine } from '../engine/create-engine';
import type { Logger } from '../log/logger';
import type { Workload } from '../sim/types';
import { TrafficRunner } from '../traffic/runner';

/** One worker's life as its state-change events tell it (epoch ms). */
export interface WorkerSpan {
  id: string;
  startedAt: number;
  readyAt?: number;
  drainingAt?: number;
  stoppedAt?: number;
  /** `stopped` or `failed` once it ended. */
  end?: 'stopped' | 'failed';
}

/** What a replay through the real engine measured. */
export interface RealReplay {
  /** Epoch ms of the first arrival's time zero and of the end of the run. */
  t0: number;
  tEnd: number;
  workers: WorkerSpan[];
  /** Tasks in their final state, as `dispatchAndWait` answered them. */
  tasks: Task[];
  /** Arrivals the traffic runner could not submit (queue full) or that failed. */
  rejected: number;
  failed: number;
  /** Scale actions the autoscaler took (policy decisions that changed the count). */
  scaleActions: number;
  /** Those actions: seconds from t0, count before and after. */
  marks: { t: number; from: number; to: number }[];
}

/**
 * Replays a workload through the real engine: a fresh temporary data directory, local worker
 * processes, the settings given, arrivals submitted at their times by the traffic runner
 * (open loop, each task's `workMs` its recorded run time). The run starts once the minimum
 * workers are ready, so it begins where the simulator's does (warm minimum, empty queue).
 */
export async function replayOnEngine(
  workload: Workload,
  base: Settings,
  logger: Logger,
): Promise<RealReplay> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-sim-to-real-'));
  const settings: Settings = { ...base, data: dataDir, runtime: 'process' };
  const engine = await createEngine(settings, { logger });
  const spans = new Map<string, WorkerSpan>();
  const marks: RealReplay['marks'] = [];
  let t0 = Number.POSITIVE_INFINITY;
  const dispose = engine.onEvent((event) => {
    if (event.type === 'worker') track(spans, event);
    else if (event.type === 'scaling' && event.cause === 'policy' && event.ts >= t0) {
      const { current, desired } = event.decision;
      marks.push({ t: (event.ts - t0) / 1000, from: current, to: desired });
    }
  });
  try {
    await engine.start();
    await waitFor(
      () => engine.snapshot().autoscaler.workers.ready >= settings.minWorkers,
      settings.startTimeout,
      'the minimum workers',
    );
    const tasks: Task[] = [];
    const runner = new TrafficRunner(
      {
        dispatch: async (spec, signal) => {
          const task = await engine.dispatchAndWait(spec, signal);
          tasks.push(task);
          return task;
        },
      },
      logger,
    );
    const progress = runner.start({
      shape: 'trace',
      rate: 0,
      durationS: workload.periodMs / 1000,
      traceCsv: taskListCsv(workload),
    });
    t0 = progress.startedAt;
    const summary = await runner.finished();
    // The simulated run lasts at least the recorded period; so does this one.
    await sleepUntil(t0 + workload.periodMs);
    const tEnd = Date.now();
    return {
      t0,
      tEnd,
      workers: [...spans.values()],
      tasks,
      rejected: summary?.rejected ?? 0,
      failed: summary?.failed ?? 0,
      scaleActions: marks.length,
      marks,
    };
  } finally {
    await engine.stop();
    dispose();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/**
 * The workload as a task list (`arrival_s,duration_s`), so the runner submits exactly the
 * arrivals the simulator replays, each with its own run time. Millisecond precision.
 */
export function taskListCsv(workload: Workload): string {
  const lines = ['arrival_s,duration_s'];
  for (let i = 0; i < workload.arrivals.length; i++) {
    const at = (workload.arrivals[i] as number) / 1000;
    const run = (workload.durations[i] as number) / 1000;
    lines.push(`${at.toFixed(3)},${run.toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

function track(spans: Map<string, WorkerSpan>, event: WorkerEvent): void {
  let span = spans.get(event.workerId);
  if (!span) {
    span = { id: event.workerId, startedAt: event.ts };
    spans.set(event.workerId, span);
  }
  if (event.to === 'ready') span.readyAt = event.ts;
  else if (event.to === 'draining') span.drainingAt = event.ts;
  else if (event.to === 'stopped' || event.to === 'failed') {
    span.stoppedAt = event.ts;
    span.end = event.to;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`sim-to-real: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function sleepUntil(epochMs: number): Promise<void> {
  const left = epochMs - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}
