import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GantryEvent } from '../../shared/events';
import type { Engine } from '../engine/types';

/** How many recent events a reconnecting client can catch up on (`Last-Event-ID`). */
const REPLAY_EVENTS = 1000;
/** A client this far behind skips snapshots (the next one supersedes them anyway). */
const SKIP_SNAPSHOTS_BYTES = 256 * 1024;
/** A client this far behind is dropped; it reconnects and catches up from a snapshot. */
const DROP_BYTES = 8 * 1024 * 1024;

export interface EventStreamOptions {
  /** Comment lines keep proxies and idle timers from closing the stream. */
  heartbeatMs: number;
}

/**
 * The server-sent event feed of `GET /events`: a `snapshot` event on connect, then
 * `snapshot` events as the engine pushes them and one `event` event per engine event
 * (with `id:` set to the event's seq). It subscribes to the engine once and serializes
 * each push once, whatever the number of clients.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly recent: { seq: number; frame: string }[] = [];
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly options: EventStreamOptions,
  ) {
    this.unsubscribe.push(
      engine.onSnapshot((snapshot) => this.broadcast(frame('snapshot', snapshot), true)),
      engine.onEvent((event) => this.publishEvent(event)),
    );
  }

  /** Takes over the response: writes the stream until the client goes away. */
  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\n\n${frame('snapshot', this.engine.snapshot())}`);
    const lastId = Number(req.headers['last-event-id']);
    if (Number.isInteger(lastId)) this.replay(res, lastId);
    this.clients.add(res);

    const heartbeat = setInterval(() => res.write(': ping\n\n'), this.options.heartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      this.clients.delete(res);
    });
  }

  /** Open streams (for tests and the shutdown). */
  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream and stops listening to the engine. */
  close(): void {
    for (const dispose of this.unsubscribe) dispose();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  /**
   * Sends the buffered events after `lastId`. Loose on purpose: when the id is unknown (the
   * engine restarted and its seq began again) everything buffered is sent; the snapshot
   * already carries the current state, and clients dedupe events by seq.
   */
  private replay(res: ServerResponse, lastId: number): void {
    const newest = this.recent.at(-1)?.seq ?? 0;
    const from = lastId > newest ? -1 : lastId;
    for (const item of this.recent) if (item.seq > from) res.write(item.frame);
  }

  private publishEvent(event: GantryEvent): void {
    const text = frame('event', event, event.seq);
    this.recent.push({ seq: event.seq, frame: text });
    if (this.recent.length > REPLAY_EVENTS) this.recent.shift();
    this.broadcast(text, false);
  }

  private broadcast(text: string, skippable: boolean): void {
    for (const res of this.clients) {
      if (res.writableLength > DROP_BYTES) {
        res.destroy();
        continue;
      }
      if (skippable && res.writableLength > SKIP_SNAPSHOTS_BYTES) continue;
      res.write(text);
    }
  }
}

/** One SSE frame. JSON has no raw newlines, so a single `data:` line is enough. */
function frame(type: 'snapshot' | 'event', value: unknown, id?: number): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${type}\ndata: ${JSON.stringify(value)}\n\n`;
}
