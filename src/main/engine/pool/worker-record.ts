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

/** True when the worker is in rotation with a free slot for a push now. */
export function hasFreeSlot(record: WorkerRecord, now: number): boolean {
  return (
    record.info.state === 'ready' &&
    record.info.inflight < record.info.concurrency &&
    record.busyUntil <= now
  );
}
