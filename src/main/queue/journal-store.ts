import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { GantryError } from '../../shared/api/errors';
import { type Logger, silentLogger } from '../log/logger';
import { segmentName } from './journal/files';
import { acquireLock } from './journal/lock';
import { recover, type RecoveryReport } from './journal/recovery';
import { captureSnapshot } from './journal/snapshot';
import {
  type CompactionStep,
  type Durability,
  type JournalStats,
  JournalWriter,
} from './journal/writer';
import type { QueueRecord } from './records';
import { RecordStore } from './record-store';
import type { Retention } from './task-table';

export type { CompactionStep, Durability, JournalStats, RecoveryReport };
export { JournalCorruptError } from './journal/errors';

export interface JournalStoreOptions {
  /** The data directory; the journal lives in `<dataDir>/queue/`. */
  dataDir: string;
  durability: Durability;
  /** Truncate at mid-journal damage (a copy is kept) instead of refusing to open. */
  repair?: boolean;
  /** Segment size that triggers compaction (default 32 MiB; also at least twice the snapshot). */
  compactBytes?: number;
  /** In `relaxed` mode, the longest time between background fdatasyncs (default 1000 ms). */
  relaxedSyncMs?: number;
  retention?: Retention;
  log?: Logger;
  /** Clock for the record written on open that requeues interrupted tasks. */
  now?: () => number;
  /** Observes compaction steps (tests take crash images at each). */
  onCompactionStep?: (step: CompactionStep) => void;
}

const DEFAULT_COMPACT_BYTES = 32 * 1024 * 1024;

/**
 * The durable queue: the task table plus an append-only journal of the records that change
 * it, group-committed, checksummed, compacted into snapshots. Open it with `JournalStore.open`
 * and read `recovery` for what opening found.
 */
export class JournalStore extends RecordStore {
  private writer!: JournalWriter;
  private unlock: () => Promise<void> = () => Promise.resolve();
  /** What opening found: records replayed, torn bytes cut off, tasks requeued. */
  recovery!: RecoveryReport;
  /** The directory holding the segments and snapshots. */
  readonly dir: string;

  private constructor(private readonly o: JournalStoreOptions) {
    super(o.retention);
    this.dir = join(o.dataDir, 'queue');
  }

  /**
   * Recovers the state (snapshot + segments), cuts off a torn final batch (saved beside it and
   * reported), requeues tasks that were running, and opens the journal for appending. Throws
   * `JournalCorruptError` for damage that is not a torn tail, unless `repair` is set.
   */
  static async open(options: JournalStoreOptions): Promise<JournalStore> {
    const store = new JournalStore(options);
    await store.start();
    return store;
  }

  /** Counters of the journal (records, batches, fsyncs); the group-commit ratio shows here. */
  stats(): JournalStats {
    return this.writer.stats();
  }

  /** Writes a snapshot now and starts a new segment. */
  compact(): Promise<void> {
    return this.writer.compact();
  }

  async close(): Promise<void> {
    try {
      await this.writer.close();
    } finally {
      await this.unlock();
    }
  }

  protected stage(record: QueueRecord): () => Promise<void> {
    let json: string;
    try {
      json = JSON.stringify(record);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new GantryError('invalid_input', `task data cannot be stored as JSON: ${why}`, {
        cause: err,
      });
    }
    return () => this.writer.append(json);
  }

  private async start(): Promise<void> {
    const log = (this.o.log ?? silentLogger()).child('queue');
    await mkdir(this.dir, { recursive: true });
    this.unlock = await acquireLock(this.dir);
    try {
      await this.recoverAndOpen(log);
    } catch (err) {
      await (this.writer as JournalWriter | undefined)?.close().catch(() => undefined);
      await this.unlock();
      throw err;
    }
  }

  private async recoverAndOpen(log: Logger): Promise<void> {
    const repair = this.o.repair ?? false;
    const { report, seq, size } = await recover(this.dir, this.table, { repair });
    const fh = await open(join(this.dir, segmentName(seq)), 'r+');
    this.writer = new JournalWriter({
      dir: this.dir,
      seq,
      fh,
      size,
      allocated: (await fh.stat()).size,
      durability: this.o.durability,
      compactBytes: this.o.compactBytes ?? DEFAULT_COMPACT_BYTES,
      relaxedSyncMs: this.o.relaxedSyncMs ?? 1000,
      snapshot: () => captureSnapshot(this.table),
      onCompactionStep: this.o.onCompactionStep,
      log,
    });
    const running = this.table.counts().running;
    if (running > 0) {
      await this.run({ t: 'recover', now: (this.o.now ?? Date.now)() });
      report.requeued = running;
    }
    this.recovery = report;
    const fields = { ...report, dir: this.dir };
    if (report.tornBytes > 0 || report.repaired) {
      log.warn('queue journal recovered with damage set aside', fields);
    } else {
      log.info('queue journal opened', fields);
    }
  }
}
