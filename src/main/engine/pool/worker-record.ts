import { Agent } from 'node:http';
import type { WorkerInfo } from '../../../shared/workers';
import type { Leased } from '../../queue/store';
import type { WorkerHandle } from '../../runtime/runtime';

/**
 * The pool's record of one worker. `info` is what the UI sees; the dispatcher updates
 * `info.inflight` as it pushes tasks.
 */
export interface WorkerRecord {
  info: WorkerInfo;
  /** Set once the runtime answered `start` (or for an adopted worker). */
  handle?: WorkerHandle;
  /**
   * Keep-alive connections to this worker. No socket timeout: an attempt's deadline comes
   * from its task's `timeoutMs`, and tasks may run for minutes.
   */
  agent: Agent;
  /** Epoch ms before which the worker is treated as full (it answered 429/503). */
  busyUntil: number;
  /** Tasks leased for this worker and not pushed yet: leases being written, and `waiting`. */
  reserved: number;
  /** Leased tasks waiting for a free slot of this worker (see the dispatcher's prefetch). */
  waiting: Leased[];
  /** The pool asked the runtime to stop it: its exit is expected, not a failure. */
  stopping: boolean;
  /** Wakes a drain waiting for in-flight tasks to finish. */
  onIdle?: () => void;
}

export function newAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
}

/** A `starting` worker with nothing pushed to it yet. */
export function newWorkerRecord(
  id: string,
  runtime: WorkerInfo['runtime'],
  concurrency: number,
  startedAt: number,
): WorkerRecord {
  return {
    info: {
      id,
      runtime,
      ref: '',
      image: '',
      address: '',
      state: 'starting',
      concurrency,
      inflight: 0,
      processed: 0,
      failed: 0,
      startedAt,
    },
    agent: newAgent(),
    busyUntil: 0,
    reserved: 0,
    waiting: [],
    stopping: false,
  };
}

/** Records where the runtime put the worker (container or process, image, address). */
export function attachHandle(record: WorkerRecord, handle: WorkerHandle): void {
  record.handle = handle;
  record.info.ref = handle.ref;
  record.info.image = handle.image;
  record.info.address = handle.address;
  record.info.runtime = handle.runtime;
}

/** True when the worker is in rotation with a free slot for a push now. */
export function hasFreeSlot(record: WorkerRecord, now: number): boolean {
  return (
    record.info.state === 'ready' &&
    record.info.inflight < record.info.concurrency &&
    record.busyUntil <= now
  );
}
