import { crc32 } from './crc32';

/**
 * File format shared by journal segments and snapshots: an 8-byte magic, then frames of
 * `u32 LE payload length`, `u32 LE CRC-32 of the payload`, payload. A payload is one or more
 * JSON documents separated by newlines (one group-committed batch of records). A length of
 * zero is never written, so a zero-filled tail reads as damage, not as frames.
 */
export const SEGMENT_MAGIC = Buffer.from('GQJRNL01', 'latin1');
export const SNAPSHOT_MAGIC = Buffer.from('GQSNAP01', 'latin1');
export const HEADER_BYTES = 8;

export function encodeFrame(payload: string): Buffer {
  const length = Buffer.byteLength(payload, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + length);
  frame.write(payload, HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame, HEADER_BYTES), 4);
  return frame;
}

/** Where a file stops being readable. */
export interface Damage {
  /** Byte offset of the first frame that does not check out. */
  offset: number;
  /** End of the damaged bytes: the last non-zero byte + 1 (preallocated zeros follow). */
  dataEnd: number;
  /** Offset of a valid frame found after the damage, if any (then it is not a torn tail). */
  validAfter?: number;
}

export interface ScanResult {
  /** Payloads of the valid frames, in order, with their offsets. */
  frames: Array<{ offset: number; payload: string }>;
  /** Bytes up to the end of the last valid frame: where appending continues. */
  end: number;
  damage?: Damage;
  /** Every byte is zero (or there are none): a file created but never written. */
  blank?: boolean;
}

/**
 * Reads the frames of a file's bytes after its magic. Zeros after the last frame are space
 * the writer preallocated, not damage.
 */
export function scanFrames(bytes: Buffer, magic: Buffer): ScanResult {
  if (isZero(bytes, 0)) return { frames: [], end: 0, blank: true };
  if (bytes.length < magic.length || !bytes.subarray(0, magic.length).equals(magic)) {
    return { frames: [], end: 0, damage: damageAt(bytes, 0) };
  }
  const frames: ScanResult['frames'] = [];
  let pos = magic.length;
  while (pos < bytes.length) {
    const payloadEnd = frameEnd(bytes, pos);
    if (payloadEnd === undefined) {
      if (isZero(bytes, pos)) break;
      return { frames, end: pos, damage: damageAt(bytes, pos) };
    }
    frames.push({ offset: pos, payload: bytes.toString('utf8', pos + HEADER_BYTES, payloadEnd) });
    pos = payloadEnd;
  }
  return { frames, end: pos };
}

function damageAt(bytes: Buffer, offset: number): Damage {
  let dataEnd = bytes.length;
  while (dataEnd > offset && bytes[dataEnd - 1] === 0) dataEnd--;
  const damage: Damage = { offset, dataEnd };
  const later = findValidFrame(bytes, offset + 1);
  if (later !== undefined) damage.validAfter = later;
  return damage;
}

function isZero(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The end of the frame at `pos` when its header and CRC check out. */
function frameEnd(bytes: Buffer, pos: number): number | undefined {
  if (bytes.length - pos < HEADER_BYTES) return undefined;
  const length = bytes.readUInt32LE(pos);
  const end = pos + HEADER_BYTES + length;
  if (length === 0 || end > bytes.length) return undefined;
  return crc32(bytes, pos + HEADER_BYTES, end) === bytes.readUInt32LE(pos + 4) ? end : undefined;
}

/**
 * The first offset at or after `from` where a valid frame starts. Only reached on damage; a
 * chance match needs a plausible length and a matching CRC, so false positives are negligible.
 */
function findValidFrame(bytes: Buffer, from: number): number | undefined {
  for (let pos = from; pos + HEADER_BYTES < bytes.length; pos++) {
    if (frameEnd(bytes, pos) !== undefined) return pos;
  }
  return undefined;
}
