import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { EventExport } from '../../shared/api/contract/events';
import type { GantryEvent, GantryEventType } from '../../shared/events';
import type { Logger } from '../log/logger';

export interface EventQuery {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
  types?: readonly GantryEventType[];
  limit: number;
}

export interface EventLogOptions {
  /** `<data>/events.jsonl`. */
  path: string;
  logger: Logger;
  /** Events kept in memory for `list` (the timeline). */
  capacity?: number;
  /** Buffered lines are appended at least this often. */
  flushIntervalMs?: number;
}

const FLUSH_BYTES = 64 * 1024;

/**
 * The event log: the latest events in a ring for the timeline, and every event appended to a
 * JSON Lines file for export. Appends are buffered and written asynchronously (one write
 * per interval or per 64 KiB), never synchronously per event.
 */
export class EventLog {
  private readonly ring: GantryEvent[] = [];
  private readonly capacity: number;
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly flushIntervalMs: number;

  constructor(private readonly options: EventLogOptions) {
    this.capacity = options.capacity ?? 10_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    mkdirSync(dirname(options.path), { recursive: true });
  }

  /** Keeps the event and queues its line for the file. */
  append(event: GantryEvent): void {
    this.ring.push(event);
    // Trimmed in chunks of a tenth, so a full ring costs no copy per event.
    if (this.ring.length > this.capacity * 1.1) {
      this.ring.splice(0, this.ring.length - this.capacity);
    }
    const line = `${JSON.stringify(event)}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= FLUSH_BYTES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
  }

  /**
   * Events in memory matching the query, oldest first. When more match than `limit`, the
   * newest `limit` are answered (the timeline wants the recent end).
   */
  list(query: EventQuery): GantryEvent[] {
    const kept = this.ring.length > this.capacity ? this.ring.slice(-this.capacity) : this.ring;
    const matches = kept.filter((event) => matchesQuery(event, query));
    return matches.length > query.limit ? matches.slice(matches.length - query.limit) : matches;
  }

  /** Writes buffered lines; resolves once they are on disk (written, not synced). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length > 0) {
      const text = this.buffer.join('');
      this.buffer = [];
      this.bufferedBytes = 0;
      this.writing = this.writing
        .then(() => appendFile(this.options.path, text))
        .catch((error: unknown) => {
          this.options.logger.warn('event log append failed', { path: this.options.path, error });
        });
    }
    return this.writing;
  }

  /**
   * Every logged event in the time range (from the file, so older runs are included).
   * TODO: the file is never rotated and an export holds the whole range in memory; a
   * long-lived install wants size-based rotation and a streamed export.
   */
  async readRange(from?: number, to?: number): Promise<GantryEvent[]> {
    await this.flush();
    if (!existsSync(this.options.path)) return [];
    const events: GantryEvent[] = [];
    const lines = createInterface({ input: createReadStream(this.options.path, 'utf8') });
    for await (const line of lines) {
      const event = parseLine(line);
      if (event && matchesQuery(event, { from, to, limit: Infinity })) events.push(event);
    }
    return events;
  }

  /** An export of the time range as JSON Lines or CSV. */
  async export(format: 'jsonl' | 'csv', from?: number, to?: number): Promise<EventExport> {
    const events = await this.readRange(from, to);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (format === 'jsonl') {
      return {
        filename: `gantry-events-${stamp}.jsonl`,
        contentType: 'application/x-ndjson',
        count: events.length,
        content: events.map((event) => `${JSON.stringify(event)}\n`).join(''),
      };
    }
    return {
      filename: `gantry-events-${stamp}.csv`,
      contentType: 'text/csv',
      count: events.length,
      content: eventsToCsv(events),
    };
  }

  /** Flushes and stops the flush timer. */
  async close(): Promise<void> {
    await this.flush();
  }
}

function matchesQuery(event: GantryEvent, query: EventQuery): boolean {
  if (query.from !== undefined && event.ts < query.from) return false;
  if (query.to !== undefined && event.ts > query.to) return false;
  if (query.types && !query.types.includes(event.type)) return false;
  return true;
}

function parseLine(line: string): GantryEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value === 'object' && value !== null && 'seq' in value && 'ts' in value) {
      return value as GantryEvent;
    }
  } catch {
    // A torn last line after a crash: skip it.
  }
  return undefined;
}

export const CSV_COLUMNS = ['ts', 'seq', 'type', 'level', 'message', 'details'] as const;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One header line, then one line per event; `details` is the rest of the event as JSON. */
export function eventsToCsv(events: readonly GantryEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const event of events) {
    const { ts, seq, type, level, message, ...details } = event;
    const iso = new Date(ts).toISOString();
    const cells = [iso, String(seq), type, level, message, JSON.stringify(details)];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
