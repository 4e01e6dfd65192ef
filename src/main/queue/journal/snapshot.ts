import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotEntry, TaskTable } from '../task-table';
import { JournalCorruptError } from './errors';
import { encodeFrame, scanFrames, SNAPSHOT_MAGIC } from './frames';
import { snapshotName, syncDir } from './files';

const ENTRIES_PER_FRAME = 500;

interface SnapshotHeader {
  v: 1;
  /** The first segment whose records apply on top of this snapshot. */
  seq: number;
  tasks: number;
}

/**
 * Serializes the table as it is right now (synchronously, so the snapshot matches a record
 * boundary exactly) into frames ready to write.
 */
export function serializeSnapshot(table: TaskTable, seq: number): Buffer[] {
  const frames = [encodeFrame(JSON.stringify({ v: 1, seq, tasks: table.size } satisfies SnapshotHeader))];
  let lines: string[] = [];
  for (const entry of table.exportEntries()) {
    lines.push(JSON.stringify(entry));
    if (lines.length === ENTRIES_PER_FRAME) {
      frames.push(encodeFrame(lines.join('\n')));
      lines = [];
    }
  }
  if (lines.length) frames.push(encodeFrame(lines.join('\n')));
  return frames;
}

/** Steps of writing a snapshot, reported so a crash at each can be exercised. */
export type SnapshotStep = 'snapshot-temp' | 'snapshot-renamed';

/** Writes `snapshot-<seq>.snap` atomically: temp file, fsync, rename, fsync the directory. */
export async function writeSnapshot(
  dir: string,
  seq: number,
  frames: Buffer[],
  onStep: (step: SnapshotStep) => void,
): Promise<void> {
  const path = join(dir, snapshotName(seq));
  const temp = `${path}.tmp`;
  const fh = await open(temp, 'w');
  try {
    await fh.writev([SNAPSHOT_MAGIC, ...frames]);
    await fh.datasync();
  } finally {
    await fh.close();
  }
  onStep('snapshot-temp');
  await rename(temp, path);
  await syncDir(dir);
  onStep('snapshot-renamed');
}

/** Loads a snapshot into an empty table; any damage is fatal (snapshots are written whole). */
export async function loadSnapshot(dir: string, seq: number, table: TaskTable): Promise<number> {
  const file = join(dir, snapshotName(seq));
  const scan = scanFrames(await readFile(file), SNAPSHOT_MAGIC);
  if (scan.damage) {
    throw new JournalCorruptError(file, scan.damage.offset, 'the snapshot fails its checksum', false);
  }
  const [head, ...rest] = scan.frames;
  const header = head ? (JSON.parse(head.payload) as SnapshotHeader) : undefined;
  if (!header || header.v !== 1 || header.seq !== seq) {
    throw new JournalCorruptError(file, head?.offset ?? 0, 'the snapshot header is not valid', false);
  }
  let count = 0;
  for (const frame of rest) {
    for (const line of frame.payload.split('\n')) {
      table.restore(JSON.parse(line) as SnapshotEntry);
      count++;
    }
  }
  if (count !== header.tasks) {
    throw new JournalCorruptError(file, scan.end, `it holds ${count} of ${header.tasks} tasks`, false);
  }
  return count;
}
