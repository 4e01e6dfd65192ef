import type { QueueRecord } from './records';
import { RecordStore } from './record-store';
import type { Retention } from './task-table';

const done = Promise.resolve();
const resolved = (): Promise<void> => done;

/**
 * A queue kept only in memory: the reference semantics of `QueueStore`, used by the
 * simulator and by tests. Nothing survives a restart.
 */
export class MemoryStore extends RecordStore {
  constructor(options: { retention?: Retention } = {}) {
    super(options.retention);
  }

  protected stage(_record: QueueRecord): () => Promise<void> {
    return resolved;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
