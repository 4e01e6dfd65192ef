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
 * Captures the table as it is right now, synchronously, so the snapshot matches a record
 * boundary exactly. Tasks are copied shallowly (payloads and results are never changed in
 * place), which is far cheaper than serializing them here; `encodeSnapshot` does that later
 * without holding up the event loop.
 */
export function captureSnapshot(table: TaskTable): SnapshotEntry[] {
  return table.captureEntries();
}

/** Encodes captured entries into frames, yielding to the event loop between frames. */
export async function encodeSnapshot(seq: number, entries: SnapshotEntry[]): Promise<Buffer[]> {
  const header: SnapshotHeader = { v: 1, seq, tasks: entries.length };
  const frames = [encodeFrame(JSON.stringify(header))];
  for (let i = 0; i < entries.length; i += ENTRIES_PER_FRAME) {
    const lines = entries.slice(i, i + ENTRIES_PER_FRAME).map((e) => JSON.stringify(e));
    frames.push(encodeFrame(lines.join('\n')));
    await new Promise((resolve) => setImmediate(resolve));
  }
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
    const why = 'the snapshot fails its checksum';
    throw new JournalCorruptError(file, scan.damage.offset, why, false);
  }
  const [head, ...rest] = scan.frames;
  const header = head ? (JSON.parse(head.payload) as SnapshotHeader) : undefined;
  if (!header || header.v !== 1 || header.seq !== seq) {
    const why = 'the snapshot header is not valid';
    throw new JournalCorruptError(file, head?.offset ?? 0, why, false);
  }
  let count = 0;
  for (const frame of rest) {
    for (const line of frame.payload.split('\n')) {
      table.restore(JSON.parse(line) as SnapshotEntry);
      count++;
    }
  }
  if (count !== header.tasks) {
    const why = `it holds ${count} of ${header.tasks} tasks`;
    throw new JournalCorruptError(file, scan.end, why, false);
  }
  return count;
}
