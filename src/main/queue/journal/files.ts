import { open, readdir, rename, stat } from 'node:fs/promises';


/** Journal segments: `journal-000001.log`, `journal-000002.log`, ... */
const SEGMENT = /^journal-(\d{6,})\.log$/;
/** A snapshot of the state before segment N: `snapshot-00000N.snap`. */
const SNAPSHOT = /^snapshot-(\d{6,})\.snap$/;
const TEMP = /\.tmp$/;

export function segmentName(seq: number): string {
  return `journal-${String(seq).padStart(6, '0')}.log`;
}

export function snapshotName(seq: number): string {
  return `snapshot-${String(seq).padStart(6, '0')}.snap`;
}

/** What the queue directory holds, by kind. */
export interface DirListing {
  segments: number[];
  snapshots: number[];
  temps: string[];
}

export async function listDir(dir: string): Promise<DirListing> {
  const listing: DirListing = { segments: [], snapshots: [], temps: [] };
  for (const name of await readdir(dir)) {
    const seg = SEGMENT.exec(name);
    const snap = SNAPSHOT.exec(name);
    if (seg) listing.segments.push(Number(seg[1]));
    else if (snap) listing.snapshots.push(Number(snap[1]));
    else if (TEMP.test(name)) listing.temps.push(name);
  }
  listing.segments.sort((a, b) => a - b);
  listing.snapshots.sort((a, b) => a - b);
  return listing;
}

/** Makes a rename or a new file in `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** `journal-000003.log.damaged-20261203T162208Z`: where damaged bytes are set aside. */
export function damagedName(file: string, now: Date = new Date()): string {
  const ts = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${file}.damaged-${ts}`;
}

/** Moves a whole file aside as damaged; answers its new path. */
export async function setAside(path: string): Promise<string> {
  let target = damagedName(path);
  for (let n = 1; await exists(target); n++) target = `${damagedName(path)}-${n}`;
  await rename(path, target);
  return target;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

