import type { GantryEvent, ScalingEvent, WorkerEvent } from '../../src/shared/events';
import type { Snapshot } from '../../src/shared/snapshot';
import { emptyCounts } from '../../src/shared/tasks';
import type { WorkerInfo } from '../../src/shared/workers';

/** A worker as the engine reports it; fields overridable. */
export function worker(id: string, over: Partial<WorkerInfo> = {}): WorkerInfo {
  return {
    id,
    runtime: 'process',
    ref: '1234',
    image: 'reference',
    address: '127.0.0.1:40001',
    state: 'ready',
    concurrency: 4,
    inflight: 0,
    processed: 0,
    failed: 0,
    startedAt: 1000,
    ...over,
  };
}

/** A snapshot at `ts` with the given workers and queue depth. */
export function snapshot(
  seq: number,
  ts: number,
  workers: WorkerInfo[] = [],
  queued = 0,
): Snapshot {
  const counts = emptyCounts();
  counts.queued = queued;
  const by = (state: WorkerInfo['state']) => workers.filter((w) => w.state === state).length;
  return {
    seq,
    ts,
    queue: {
      counts,
      limit: 1000,
      paused: false,
      submitRate: 0,
      completeRate: 0,
      wait: { p50: 0, p95: 0 },
      run: { p50: 0, p95: 0 },
    },
    workers,
    autoscaler: {
      policy: { name: 'threshold', params: {} },
      paused: false,
      minWorkers: 1,
      maxWorkers: 10,
      current: by('ready') + by('starting'),
      desired: by('ready') + by('starting'),
      workers: { starting: by('starting'), ready: by('ready'), draining: by('draining') },
      reconcileIntervalMs: 1000,
      lastDecisions: [],
    },
    runtime: { kind: 'process', available: true, detail: 'local', fallback: false },
    traffic: null,
  };
}

export function scalingEvent(
  seq: number,
  ts: number,
  desired: number,
  queued: number,
): ScalingEvent {
  return {
    seq,
    ts,
    level: 'info',
    message: `scale to ${desired}`,
    type: 'scaling',
    direction: 'up',
    cause: 'policy',
    workerIds: [],
    decision: {
      at: ts,
      policy: 'threshold',
      current: desired - 1,
      raw: desired,
      desired,
      clamps: [],
      action: 'up',
      reason: `scale up to ${desired}`,
      inputs: { queued },
    },
  };
}

export function workerEvent(
  seq: number,
  ts: number,
  workerId: string,
  to: WorkerInfo['state'],
): WorkerEvent {
  return {
    seq,
    ts,
    level: 'info',
    message: `${workerId} ${to}`,
    type: 'worker',
    workerId,
    runtime: 'process',
    ref: '1',
    address: '127.0.0.1:1',
    from: null,
    to,
    reason: 'test',
  };
}

export function notice(seq: number, ts: number, message = 'n'): GantryEvent {
  return { seq, ts, level: 'info', message, type: 'notice', topic: 'engine' };
}
