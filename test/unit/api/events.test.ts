import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, TOKEN, waitFor } from './harness';

interface Frame {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

/** A raw SSE reader: frames split on blank lines, fields kept as sent. */
class StreamReader {
  readonly frames: Frame[] = [];
  private buffer = '';

  constructor(
    readonly res: IncomingMessage,
    private readonly req: ClientRequest,
  ) {
    res.setEncoding('utf8');
    res.on('data', (text: string) => this.push(text));
  }

  static open(port: number, headers: Record<string, string> = {}): Promise<StreamReader> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/events',
          agent: false,
          headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}`, ...headers },
        },
        (res) => resolve(new StreamReader(res, req)),
      );
      req.on('error', reject);
      req.end();
    });
  }

  of(event: string): Frame[] {
    return this.frames.filter((frame) => frame.event === event);
  }

  close(): void {
    this.req.destroy();
  }

  private push(text: string): void {
    this.buffer += text;
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('data: ')) frame.data = line.slice(6);
      }
      this.frames.push(frame);
      end = this.buffer.indexOf('\n\n');
    }
  }
}

let h: Harness;
const readers: StreamReader[] = [];

async function open(headers: Record<string, string> = {}): Promise<StreamReader> {
  const reader = await StreamReader.open(h.port, headers);
  readers.push(reader);
  return reader;
}

beforeEach(async () => {
  h = await Harness.start({ heartbeatMs: 20 });
});

afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  await h.close();
});

describe('GET /events', () => {
  it('starts with a snapshot, as an event stream', async () => {
    const stream = await open();
    await waitFor(() => stream.of('snapshot').length === 1);

    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers['cache-control']).toBe('no-store');
    const snapshot = JSON.parse(stream.of('snapshot')[0]!.data!) as { queue: { limit: number } };
    expect(snapshot.queue.limit).toBe(100_000);
  });

  it('forwards pushed snapshots, and events with their seq as id', async () => {
    const stream = await open();
    await waitFor(() => stream.of('snapshot').length === 1);

    h.engine.pushSnapshot();
    h.engine.pushEvent(7, 'worker w1 ready');
    await waitFor(() => stream.of('event').length === 1 && stream.of('snapshot').length === 2);

    const event = stream.of('event')[0]!;
    expect(event.id).toBe('7');
    expect(JSON.parse(event.data!)).toMatchObject({ seq: 7, message: 'worker w1 ready' });
  });

  it('sends heartbeat comments', async () => {
    const stream = await open();

    await waitFor(() => stream.frames.filter((frame) => frame.comment === 'ping').length >= 2);

    const pings = stream.frames.filter((frame) => frame.comment === 'ping');
    expect(pings.length).toBeGreaterThanOrEqual(2);
  });

  it('replays the events after Last-Event-ID to a reconnecting client', async () => {
    const first = await open();
    for (const seq of [1, 2, 3, 4]) h.engine.pushEvent(seq, `e${seq}`);
    await waitFor(() => first.of('event').length === 4);

    const again = await open({ 'last-event-id': '2' });
    await waitFor(() => again.of('event').length === 2);

    expect(again.frames.find((frame) => frame.event !== undefined)?.event).toBe('snapshot');
    expect(again.of('event').map((frame) => frame.id)).toEqual(['3', '4']);
  });

  it('replays everything buffered when the id is from an earlier run', async () => {
    await open();
    for (const seq of [1, 2]) h.engine.pushEvent(seq, `e${seq}`);

    const again = await open({ 'last-event-id': '900' });
    await waitFor(() => again.of('event').length === 2);

    expect(again.of('event').map((frame) => frame.id)).toEqual(['1', '2']);
  });

  it('stops writing to a client that went away; one engine subscription', async () => {
    const a = await open();
    const b = await open();
    await waitFor(() => a.of('snapshot').length === 1 && b.of('snapshot').length === 1);
    expect(h.engine.listenerCount).toBe(2);

    a.close();
    await new Promise((resolve) => a.res.on('close', resolve));
    h.engine.pushEvent(1, 'after');
    await waitFor(() => b.of('event').length === 1);

    expect(a.of('event')).toEqual([]);
  });

  it('ends open streams when the server closes', async () => {
    const stream = await open();
    const ended = new Promise((resolve) => stream.res.on('end', resolve));

    await h.close();
    await ended;

    expect(h.engine.listenerCount).toBe(0);
  });
});
