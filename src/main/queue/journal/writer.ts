import { type FileHandle, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log/logger';
import { encodeFrame, SEGMENT_MAGIC } from './frames';
import { listDir, segmentName, snapshotName, syncDir } from './files';
import type { SnapshotEntry } from '../task-table';
import { encodeSnapshot, type SnapshotStep, writeSnapshot } from './snapshot';

/**
 * `fsync`: a call resolves after the fdatasync covering its record, so an acknowledged change
 * survives a power loss. `relaxed`: a call resolves once its batch is written to the OS; the
 * journal is fdatasync'ed in the background about every `relaxedSyncMs`, so a crash of the
 * app loses nothing, but an OS crash or power loss can lose the last second of changes, and
 * (since the OS may write pages out of order) can leave damage that only `repair` opens.
 */
export type Durability = 'fsync' | 'relaxed';

/** Steps of a compaction, reported so tests can take a crash image at each. */
export type CompactionStep = 'rotated' | SnapshotStep | 'compacted';

export interface JournalStats {
  /** Records appended since open. */
  records: number;
  /** Frames written (one per group commit). */
  batches: number;
  /** fdatasync calls on segments. */
  syncs: number;
  bytes: number;
  compactions: number;
  segment: number;
  segmentBytes: number;
}

export interface WriterOptions {
  dir: string;
  /** The segment to append to, open for reading and writing; where its records end. */
  seq: number;
  fh: FileHandle;
  size: number;
  /** The segment file's length (zeros past `size` are preallocated space). */
  allocated: number;
  durability: Durability;
  /** Compaction starts once the segment passes this size and twice the last snapshot's. */
  compactBytes: number;
  relaxedSyncMs: number;
  /** Captures the state as of the records appended so far (called synchronously). */
  snapshot: () => SnapshotEntry[];
  onCompactionStep?: (step: CompactionStep) => void;
  log: Logger;
}

/** Preallocation: 4 MiB at a time, renewed when less than 64 KiB is left. */
const ZEROS = Buffer.alloc(1024 * 1024);
const PREALLOCATE_CHUNKS = 4;
const PREALLOCATE_MIN = 64 * 1024;

class Batch {
  readonly parts: string[] = [];
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (err: Error) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Callers await the promise; this only keeps an unawaited empty batch from being "unhandled".
    this.promise.catch(() => undefined);
  }
}

/**
 * Appends records to the journal with group commit: records arriving while a write is in
 * flight gather in one batch, written as one frame with one write and (in `fsync` mode) one
 * fdatasync. Rotates segments and compacts in the background.
 */
export class JournalWriter {
  private current = new Batch();
  private looping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private compaction: Promise<void> | undefined;
  private compactWanted = false;
  private syncWanted = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  private closed = false;
  private lastSync = Date.now();
  private lastSnapshotBytes = 0;
  private seq: number;
  private fh: FileHandle;
  private size: number;
  private allocated: number;
  private readonly counters = { records: 0, batches: 0, syncs: 0, bytes: 0, compactions: 0 };

  constructor(private readonly o: WriterOptions) {
    this.seq = o.seq;
    this.fh = o.fh;
    this.size = o.size;
    this.allocated = o.allocated;
  }

  stats(): JournalStats {
    return { ...this.counters, segment: this.seq, segmentBytes: this.size };
  }

  /** Queues one record (JSON text); resolves when it is durable at the configured level. */
  append(json: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the queue journal is closed'));
    this.current.parts.push(json);
    this.counters.records++;
    this.kick();
    return this.current.promise;
  }

  /** Compacts now (after the records appended so far); resolves when the snapshot is in place. */
  async compact(): Promise<void> {
    this.compactWanted = true;
    this.kick();
    await this.flush();
    await this.compaction;
  }

  /** Resolves when every record appended so far is written. */
  async flush(): Promise<void> {
    while (this.looping) await this.loopDone;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closed = true;
    clearTimeout(this.syncTimer);
    await this.compaction;
    if (!this.failure) {
      // Drop the preallocated zeros so the file ends with its last record.
      await this.fh.truncate(this.size);
      await this.fh.datasync();
    }
    await this.fh.close();
  }

  private kick(): void {
    if (this.looping) return;
    this.looping = true;
    // setImmediate lets calls made in the same turn join the first batch.
    this.loopDone = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.loop());
  }

  private async loop(): Promise<void> {
    while (!this.failure && this.hasWork()) {
      const batch = this.current;
      this.current = new Batch();
      try {
        await this.writeBatch(batch);
      } catch (err) {
        this.fail(err, batch);
      }
    }
    // Cleared in the same turn as the check above, so no append can slip between them.
    this.looping = false;
  }

  private hasWork(): boolean {
    return this.current.parts.length > 0 || this.compactWanted || this.syncWanted;
  }

  private async writeBatch(batch: Batch): Promise<void> {
    const frame = batch.parts.length ? encodeFrame(batch.parts.join('\n')) : undefined;
    const frameBytes = frame?.length ?? 0;
    // The snapshot is taken at the cut: the table now reflects exactly the records up to here.
    const rotate = !this.compaction && (this.compactWanted || this.dueForCompaction(frameBytes));
    this.compactWanted = false;
    const snapshot = rotate ? this.o.snapshot() : undefined;
    if (frame) {
      await this.reserve(frameBytes);
      await writeAll(this.fh, frame, this.size);
      this.size += frameBytes;
      this.counters.batches++;
      this.counters.bytes += frameBytes;
    }
    if (frame && (this.o.durability === 'fsync' || snapshot)) await this.sync();
    batch.resolve();
    if (this.o.durability === 'relaxed') await this.relaxedSync(frame !== undefined);
    if (snapshot) await this.rotate(snapshot);
  }

  /** In relaxed mode: fdatasync when the last one is old, else make sure one comes soon. */
  private async relaxedSync(wrote: boolean): Promise<void> {
    const wanted = this.syncWanted;
    this.syncWanted = false;
    const age = Date.now() - this.lastSync;
    if (wanted || (wrote && age >= this.o.relaxedSyncMs)) {
      await this.sync();
    } else if (wrote && !this.syncTimer) {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = undefined;
        this.syncWanted = true;
        this.kick();
      }, this.o.relaxedSyncMs - age);
      this.syncTimer.unref();
    }
  }

  private dueForCompaction(frameBytes: number): boolean {
    const size = this.size + frameBytes;
    return size >= this.o.compactBytes && size >= 2 * this.lastSnapshotBytes;
  }

  /**
   * Keeps zeros written ahead of the end of the records. Overwriting allocated blocks lets
   * fdatasync skip the file-size update an append needs, which halves its cost on ext4.
   */
  private async reserve(bytes: number): Promise<void> {
    while (this.size + bytes > this.allocated - PREALLOCATE_MIN) {
      for (let i = 0; i < PREALLOCATE_CHUNKS; i++) {
        await writeAll(this.fh, ZEROS, this.allocated);
        this.allocated += ZEROS.length;
      }
    }
  }

  private async sync(): Promise<void> {
    await this.fh.datasync();
    this.counters.syncs++;
    this.lastSync = Date.now();
  }

  /** Starts the next segment, then writes the snapshot and drops old files in the background. */
  private async rotate(snapshot: SnapshotEntry[]): Promise<void> {
    const next = this.seq + 1;
    const fh = await open(join(this.o.dir, segmentName(next)), 'w+');
    await writeAll(fh, SEGMENT_MAGIC, 0);
    await this.fh.close();
    this.fh = fh;
    this.seq = next;
    this.size = SEGMENT_MAGIC.length;
    this.allocated = SEGMENT_MAGIC.length;
    await this.reserve(0);
    await fh.datasync();
    await syncDir(this.o.dir);
    this.step('rotated');
    this.compaction = this.finishCompaction(next, snapshot).finally(() => {
      this.compaction = undefined;
    });
  }

  private async finishCompaction(seq: number, snapshot: SnapshotEntry[]): Promise<void> {
    try {
      const frames = await encodeSnapshot(seq, snapshot);
      this.lastSnapshotBytes = frames.reduce((n, b) => n + b.length, 0);
      await writeSnapshot(this.o.dir, seq, frames, (s) => this.step(s));
      const listing = await listDir(this.o.dir);
      for (const old of listing.segments.filter((s) => s < seq)) {
        await unlink(join(this.o.dir, segmentName(old)));
      }
      for (const old of listing.snapshots.filter((s) => s < seq)) {
        await unlink(join(this.o.dir, snapshotName(old)));
      }
      this.counters.compactions++;
      const snapshotBytes = this.lastSnapshotBytes;
      this.o.log.info('queue journal compacted', { segment: seq, snapshotBytes });
      this.step('compacted');
    } catch (err) {
      // The journal stays complete without the snapshot (recovery replays the older files).
      this.o.log.warn('queue journal compaction failed; will retry later', { err, segment: seq });
    }
  }

  private step(step: CompactionStep): void {
    this.o.onCompactionStep?.(step);
  }

  private fail(err: unknown, batch: Batch): void {
    const cause = err instanceof Error ? err : new Error(String(err));
    // The table already holds changes the journal could not take: refuse everything after.
    this.failure = new Error(`queue journal write failed: ${cause.message}; restart to recover`, {
      cause,
    });
    this.o.log.error('queue journal write failed; the queue refuses changes until restart', {
      err: cause,
      segment: this.seq,
    });
    batch.reject(this.failure);
    this.current.reject(this.failure);
  }
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}
