import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalStore } from '../queue/journal-store';
import { MemoryStore } from '../queue/memory-store';
import type { QueueStore } from '../queue/store';

/** Which store a run measures: the journal with each durability, or memory only. */
export type QueueBenchMode = 'fsync' | 'relaxed' | 'memory';

export interface QueueBenchOptions {
  /** Task cycles per mode (enqueue, lease, complete); default 20,000. */
  tasks?: number;
  /** Cycles in flight at once, as concurrent HTTP requests and dispatches would be; default 64. */
  concurrency?: number;
  modes?: QueueBenchMode[];
  /** Bytes of the JSON payload of each task; default 100. */
  payloadBytes?: number;
  /** Where journals go (a fresh subdirectory per mode, removed after); default the OS temp dir. */
  dir?: string;
}

export interface QueueBenchResult {
  mode: QueueBenchMode;
  tasks: number;
  concurrency: number;
  seconds: number;
  /** Whole cycles (3 journal records each) per second. */
  tasksPerSecond: number;
  /** Journal frames written and fdatasyncs made (journal modes only). */
  batches?: number;
  syncs?: number;
  /** Records per fdatasync: the group-commit factor. */
  recordsPerSync?: number;
}

/**
 * Measures the store alone: `concurrency` loops each enqueue one task, lease one and complete
 * it, until `tasks` cycles are done. The journal runs on the real file system of `dir`.
 */
export async function benchQueueStore(
  options: QueueBenchOptions = {},
): Promise<QueueBenchResult[]> {
  const tasks = options.tasks ?? 20_000;
  const concurrency = options.concurrency ?? 64;
  const payload = { data: 'x'.repeat(Math.max(0, (options.payloadBytes ?? 100) - 11)) };
  const results: QueueBenchResult[] = [];
  for (const mode of options.modes ?? (['fsync', 'relaxed', 'memory'] as const)) {
    const dataDir = await mkdtemp(join(options.dir ?? tmpdir(), 'gantry-queue-bench-'));
    try {
      const store: QueueStore =
        mode === 'memory'
          ? new MemoryStore()
          : await JournalStore.open({ dataDir, durability: mode });
      const seconds = await runCycles(store, tasks, concurrency, payload);
      const result: QueueBenchResult = {
        mode,
        tasks,
        concurrency,
        seconds: round(seconds, 3),
        tasksPerSecond: Math.round(tasks / seconds),
      };
      if (store instanceof JournalStore) {
        const stats = store.stats();
        result.batches = stats.batches;
        result.syncs = stats.syncs;
        result.recordsPerSync = stats.syncs ? round(stats.records / stats.syncs, 1) : undefined;
      }
      await store.close();
      results.push(result);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

async function runCycles(
  store: QueueStore,
  tasks: number,
  concurrency: number,
  payload: unknown,
): Promise<number> {
  const defaults = { maxAttempts: 3, timeoutMs: 30_000 };
  let started = 0;
  const loop = async (): Promise<void> => {
    while (started < tasks) {
      started++;
      await store.enqueue([{ payload }], defaults, Date.now());
      const leased = await store.lease('bench', 30_000, Date.now());
      if (!leased) throw new Error('benchmark: nothing to lease after an enqueue');
      const done = await store.complete(leased.lease, null, Date.now());
      if (typeof done === 'string') throw new Error(`benchmark: completion refused (${done})`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return (performance.now() - t0) / 1000;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
