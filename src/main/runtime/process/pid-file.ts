import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A worker process this install started, as remembered across an engine crash. */
export interface PidEntry {
  pid: number;
  workerId: string;
  port: number;
  startedAt: number;
}

/**
 * `<dataDir>/workers.pids`: the worker processes alive now, one JSON object a line. Written
 * whole to a temporary file and renamed, so a crash mid-write leaves the old or the new
 * list, never half of one. Writes are serialized so concurrent updates cannot reorder.
 */
export class PidFile {
  readonly path: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'workers.pids');
  }

  async read(): Promise<PidEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: PidEntry[] = [];
    for (const line of text.split('\n')) {
      const entry = parseEntry(line);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  /** Replaces the file with `entries` (the latest call wins). */
  write(entries: readonly PidEntry[]): Promise<void> {
    const text = entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
    const next = this.chain.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.path);
    });
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function parseEntry(line: string): PidEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, workerId, port, startedAt } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) return undefined;
    if (typeof workerId !== 'string') return undefined;
    return {
      pid,
      workerId,
      port: typeof port === 'number' ? port : 0,
      startedAt: typeof startedAt === 'number' ? startedAt : 0,
    };
  } catch {
    // A damaged line names nothing we can verify; skip it rather than refuse to start.
    return undefined;
  }
}
