import { mkdir, open, readFile, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueueRecord } from '../records';
import type { TaskTable } from '../task-table';
import { JournalCorruptError } from './errors';
import { damagedName, listDir, segmentName, setAside, snapshotName, syncDir } from './files';
import { type ScanResult, SEGMENT_MAGIC, scanFrames } from './frames';
import { loadSnapshot } from './snapshot';

/** What opening the journal found; the engine logs it (at warn when anything was cut). */
export interface RecoveryReport {
  /** Records replayed from journal segments (after the snapshot). */
  records: number;
  /** Tasks loaded from the snapshot. */
  snapshotTasks: number;
  segments: number;
  /** Bytes of a torn final batch cut off: a write never acknowledged (0 for a clean end). */
  tornBytes: number;
  /** Where cut-off bytes were saved (`<segment>.damaged-<ts>`), when any were. */
  damagedFile?: string;
  /** Tasks that were running when the engine stopped (requeued, or dead without attempts). */
  requeued: number;
  /** Present when `repair` truncated mid-journal damage: what was set aside. */
  repaired?: { file: string; offset: number; droppedBytes: number; setAside: string[] };
}

export interface RecoveryOptions {
  /** Truncate at mid-journal damage (keeping a copy) instead of refusing to open. */
  repair: boolean;
}

/** Where appending continues after recovery: segment `seq` at byte `size`. */
export interface Recovered {
  report: RecoveryReport;
  seq: number;
  size: number;
}

/** Rebuilds the table from the newest snapshot and the segments after it. */
export async function recover(
  dir: string,
  table: TaskTable,
  o: RecoveryOptions,
): Promise<Recovered> {
  await mkdir(dir, { recursive: true });
  const listing = await listDir(dir);
  for (const temp of listing.temps) await unlink(join(dir, temp));

  const report: RecoveryReport = {
    records: 0,
    snapshotTasks: 0,
    segments: 0,
    tornBytes: 0,
    requeued: 0,
  };
  const snap = listing.snapshots.at(-1);
  let segments = listing.segments;
  if (snap !== undefined) {
    // Leftovers of a compaction interrupted after its snapshot was in place.
    for (const old of segments.filter((s) => s < snap)) await unlink(join(dir, segmentName(old)));
    for (const old of listing.snapshots.filter((s) => s < snap)) {
      await unlink(join(dir, snapshotName(old)));
    }
    segments = segments.filter((s) => s >= snap);
    report.snapshotTasks = await loadSnapshot(dir, snap, table);
  }
  const first = snap ?? 1;
  segments.forEach((seq, i) => {
    if (seq !== first + i) {
      const file = join(dir, segmentName(first + i));
      throw new JournalCorruptError(file, 0, 'this segment is missing', false);
    }
  });
  if (segments.length === 0) {
    await startSegment(join(dir, segmentName(first)));
    await syncDir(dir);
    return { report, seq: first, size: SEGMENT_MAGIC.length };
  }

  for (let i = 0; i < segments.length; i++) {
    const seq = segments[i] as number;
    const file = join(dir, segmentName(seq));
    const last = i === segments.length - 1;
    const scan = await replaySegment(file, table, report);
    report.segments++;
    if (scan.blank && last) {
      // Created by a rotation that stopped before its magic was written: nothing was in it.
      await startSegment(file);
      return { report, seq, size: SEGMENT_MAGIC.length };
    }
    const damage = scan.blank ? { offset: 0, dataEnd: scan.bytes.length } : scan.damage;
    if (!damage) {
      if (last) return { report, seq, size: scan.end };
      continue;
    }
    const torn = last && damage.validAfter === undefined;
    if (!torn && !o.repair) {
      const why =
        damage.validAfter !== undefined
          ? `a record fails its checksum and valid records follow at byte ${damage.validAfter}`
          : 'a record fails its checksum and later segments follow';
      throw new JournalCorruptError(file, damage.offset, why, true);
    }
    report.damagedFile = await cutAt(file, damage.offset, scan.bytes.subarray(0, damage.dataEnd));
    const size = Math.max(damage.offset, SEGMENT_MAGIC.length);
    if (torn) {
      report.tornBytes = damage.dataEnd - damage.offset;
      return { report, seq, size };
    }
    const later = segments.slice(i + 1).map((s) => join(dir, segmentName(s)));
    const setAsideFiles = [report.damagedFile];
    for (const f of later) setAsideFiles.push(await setAside(f));
    report.repaired = {
      file,
      offset: damage.offset,
      droppedBytes: damage.dataEnd - damage.offset,
      setAside: setAsideFiles,
    };
    await syncDir(dir);
    return { report, seq, size };
  }
  throw new Error('unreachable: the last segment returns');
}

/** Replays one segment; answers how it ends (cleanly, blank, or damaged). */
async function replaySegment(
  file: string,
  table: TaskTable,
  report: RecoveryReport,
): Promise<ScanResult & { bytes: Buffer }> {
  const bytes = await readFile(file);
  const scan = scanFrames(bytes, SEGMENT_MAGIC);
  for (const frame of scan.frames) {
    for (const line of frame.payload.split('\n')) {
      try {
        table.apply(JSON.parse(line) as QueueRecord);
      } catch (err) {
        // A checksummed record that does not replay is a defect, not disk damage.
        // TODO: let repair cut here too; it needs a second replay from scratch, because the
        // table already holds this frame's earlier records.
        const message = err instanceof Error ? err.message : String(err);
        const why = `its records do not replay (${message})`;
        throw new JournalCorruptError(file, frame.offset, why, false);
      }
      report.records++;
    }
  }
  return { ...scan, bytes };
}

/** Saves `bytes[offset..]` beside the file and truncates the file there. */
async function cutAt(file: string, offset: number, bytes: Buffer): Promise<string> {
  const saved = damagedName(file);
  const fh = await open(saved, 'wx');
  try {
    await fh.writeFile(bytes.subarray(offset));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  if (offset < SEGMENT_MAGIC.length) {
    await startSegment(file);
  } else {
    await truncate(file, offset);
    const fh2 = await open(file, 'r+');
    await fh2.datasync().finally(() => fh2.close());
  }
  return saved;
}

/** Creates (or recreates) an empty segment holding only the magic. */
async function startSegment(file: string): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(SEGMENT_MAGIC);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}
