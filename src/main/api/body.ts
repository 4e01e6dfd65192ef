import type { IncomingMessage } from 'node:http';
import { GantryError } from '../../shared/api/errors';

/** How large a request body may be; a JSON array (a batch) may have its own, larger cap. */
export interface BodyLimit {
  bytes: number;
  arrayBytes?: number;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_BRACKET = 0x5b;

function tooLarge(limit: number): GantryError {
  return new GantryError('payload_too_large', `request body is over the limit of ${limit} bytes`);
}

function isJsonType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const semi = header.indexOf(';');
  const type = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json';
}

/** First non-blank byte of the body seen so far, or -1. */
function firstByte(chunks: readonly Buffer[]): number {
  for (const chunk of chunks) {
    for (const byte of chunk) if (!WHITESPACE.has(byte)) return byte;
  }
  return -1;
}

/**
 * Reads and parses a JSON body; `undefined` when there is none. Refuses a declared length
 * over the limit before reading anything, and stops reading as soon as a streamed body
 * passes it (the caller answers 413 and closes the connection). A body needs
 * `Content-Type: application/json`, which also keeps cross-site form posts out.
 */
export async function readJsonBody(req: IncomingMessage, limit: BodyLimit): Promise<unknown> {
  const most = Math.max(limit.bytes, limit.arrayBytes ?? 0);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > most) throw tooLarge(most);
  if (declared === '0') return undefined;
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return undefined;

  const chunks = await collect(req, limit, most);
  if (chunks.length === 0) return undefined;
  if (!isJsonType(req.headers['content-type'])) {
    throw new GantryError(
      'invalid_input',
      'the body must be JSON (Content-Type: application/json)',
    );
  }
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    throw new GantryError('invalid_input', `the body is not valid JSON: ${detail}`);
  }
}

function collect(req: IncomingMessage, limit: BodyLimit, most: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let cap = most;
    let kindKnown = false;

    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const fail = (error: Error): void => {
      cleanup();
      // Stop reading: the rest of an oversized body is never buffered.
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      chunks.push(chunk);
      if (!kindKnown) {
        const byte = firstByte(chunks);
        if (byte !== -1) {
          kindKnown = true;
          cap = byte === OPEN_BRACKET ? (limit.arrayBytes ?? limit.bytes) : limit.bytes;
        }
      }
      if (size > cap) fail(tooLarge(cap));
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks);
    };
    const onError = (error: Error): void => fail(error);
    const onAborted = (): void => fail(new GantryError('invalid_input', 'the client went away'));

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
