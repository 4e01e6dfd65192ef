import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/** One member of a tar archive: a directory, in-memory bytes or a file read from disk. */
export type TarEntry =
  | { kind: 'dir'; name: string; mode: number }
  | { kind: 'data'; name: string; mode: number; data: Buffer }
  | { kind: 'file'; name: string; mode: number; size: number; source: string };

const BLOCK = 512;

/** Writes `value` as zero-padded octal in `width - 1` digits plus a NUL. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  const text = value.toString(8).padStart(width - 1, '0');
  if (text.length > width - 1) throw new Error(`tar: ${value} does not fit ${width} bytes`);
  header.write(`${text}\0`, offset, width, 'ascii');
}

/**
 * Splits a path into ustar's `prefix` (155 bytes) and `name` (100 bytes) at a slash, since
 * names longer than 100 bytes live in both fields.
 */
function splitName(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`tar: path too long for ustar: ${path}`);
}

/** The 512-byte ustar header of one entry (owner root, mtime fixed so builds are repeatable). */
export function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK);
  const path = entry.kind === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  const { prefix, name } = splitName(path);
  header.write(name, 0, 100, 'utf8');
  octal(header, 100, 8, entry.mode & 0o7777);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, entrySize(entry));
  octal(header, 136, 12, 0);
  header.write(' '.repeat(8), 148, 8, 'ascii');
  header.write(entry.kind === 'dir' ? '5' : '0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write('root', 265, 32, 'ascii');
  header.write('root', 297, 32, 'ascii');
  header.write(prefix, 345, 155, 'utf8');

  // The checksum is the byte sum of the header with its own field read as spaces.
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

function entrySize(entry: TarEntry): number {
  if (entry.kind === 'dir') return 0;
  return entry.kind === 'data' ? entry.data.length : entry.size;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Bytes the archive of `entries` takes, so progress can be shown as a fraction. */
export function tarSize(entries: readonly TarEntry[]): number {
  let total = 2 * BLOCK;
  for (const entry of entries) {
    const size = entrySize(entry);
    total += BLOCK + size + padding(size);
  }
  return total;
}

async function* chunks(
  entries: readonly TarEntry[],
  onBytes: (sent: number) => void,
): AsyncGenerator<Buffer> {
  let sent = 0;
  const emit = (chunk: Buffer): Buffer => {
    sent += chunk.length;
    onBytes(sent);
    return chunk;
  };
  for (const entry of entries) {
    yield emit(tarHeader(entry));
    if (entry.kind === 'data') yield emit(entry.data);
    if (entry.kind === 'file') {
      let read = 0;
      for await (const chunk of createReadStream(entry.source, { highWaterMark: 1024 * 1024 })) {
        const buffer = chunk as Buffer;
        read += buffer.length;
        if (read > entry.size) throw new Error(`tar: ${entry.source} grew while being archived`);
        yield emit(buffer);
      }
      if (read !== entry.size) throw new Error(`tar: ${entry.source} shrank while being archived`);
    }
    const pad = padding(entrySize(entry));
    if (pad > 0) yield emit(Buffer.alloc(pad));
  }
  yield emit(Buffer.alloc(2 * BLOCK));
}

/**
 * A ustar archive of `entries` as a stream; files are read from disk as the stream is
 * consumed, so a 100 MB binary never sits in memory. `onBytes` sees the running total.
 */
export function tarStream(
  entries: readonly TarEntry[],
  onBytes: (sent: number) => void = () => {},
): Readable {
  return Readable.from(chunks(entries, onBytes), { objectMode: false });
}
