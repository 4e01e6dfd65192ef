import { readFileSync } from 'node:fs';

/** Offsets of the frames of a journal segment (after its 8-byte magic), read independently. */
export function frameOffsets(path: string): number[] {
  const bytes = readFileSync(path);
  const offsets: number[] = [];
  for (let pos = 8; pos + 8 <= bytes.length; pos += 8 + bytes.readUInt32LE(pos)) {
    // Zeros after the records are preallocated space.
    if (bytes.readUInt32LE(pos) === 0) break;
    offsets.push(pos);
  }
  return offsets;
}
