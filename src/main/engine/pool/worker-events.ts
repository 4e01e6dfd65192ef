import type { WorkerState } from '../../../shared/workers';
import type { Logger } from '../../log/logger';
import type { EventBus } from '../event-bus';
import { splitAddress } from './health';
import type { WorkerRecord } from './worker-record';

/** The log fields that name a worker (id, runtime ref, address and port). */
export function workerFields(record: WorkerRecord): Record<string, unknown> {
  const { info } = record;
  // A starting worker has no container id, pid or port yet: log what is known, not blanks.
  if (!info.address) return info.ref ? { workerId: info.id, ref: info.ref } : { workerId: info.id };
  const port = splitAddress(info.address)[1];
  return { workerId: info.id, ref: info.ref, address: info.address, port };
}

/** Tells the log and the event bus about a worker's state change. */
export function publishTransition(
  bus: EventBus,
  log: Logger,
  record: WorkerRecord,
  from: WorkerState | null,
  to: WorkerState,
  reason: string,
): void {
  const { info } = record;
  const where = info.address ? ` at ${info.address}` : '';
  log.info(`worker ${to}`, { ...workerFields(record), from, reason });
  bus.publish({
    type: 'worker',
    level: to === 'failed' ? 'warn' : 'info',
    message: `worker ${info.id} ${to}${where}: ${reason}`,
    workerId: info.id,
    runtime: info.runtime,
    ref: info.ref,
    address: info.address,
    from,
    to,
    reason,
  });
}

/** A runtime fault the operator should see (a failed start, an exit, a hung worker). */
export function publishRuntimeError(bus: EventBus, code: string, message: string): void {
  bus.publish({ type: 'runtime-error', level: 'warn', message, code });
}
