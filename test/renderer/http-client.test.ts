import { describe, expect, it } from 'vitest';
import { GantryError } from '../../src/shared/api/errors';
import type { GantryEvent } from '../../src/shared/events';
import type { Snapshot } from '../../src/shared/snapshot';
import { HttpClient, backoffDelay } from '../../src/renderer/client/http-client';
import type { ConnectionState } from '../../src/renderer/client/types';
import { notice, snapshot } from './fixtures';

interface Seen {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that answers from a queue of responders and records what it was asked. */
function fakeFetch(
  responders: ((url: string, init?: RequestInit) => Response | Promise<Response>)[],
) {
  const seen: Seen[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, init });
    const next = responders.shift();
    if (next === undefined) throw new TypeError('no more responses');
    return next(url, init);
  };
  return { fetchImpl, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

function sseStream(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

async function caught(promise: Promise<unknown>): Promise<GantryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GantryError) return error;
    throw error;
  }
  throw new Error('expected a GantryError');
}

describe('HttpClient.call', () => {
  it('posts the input with the bearer token and unwraps the result', async () => {
    const { fetchImpl, seen } = fakeFetch([
      () => json(200, { ok: true, value: { ids: ['a', 'b'] } }),
    ]);
    const client = new HttpClient({
      baseUrl: 'http://127.0.0.1:9',
      token: 't0k',
      fetch: fetchImpl,
    });

    const answer = await client.call('queue.enqueue', [{ payload: 1 }, { payload: 2 }]);

    expect(answer).toEqual({ ids: ['a', 'b'] });
    expect(seen[0]?.url).toBe('http://127.0.0.1:9/api/queue.enqueue');
    expect(seen[0]?.init?.method).toBe('POST');
    expect(new Headers(seen[0]?.init?.headers).get('authorization')).toBe('Bearer t0k');
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual([{ payload: 1 }, { payload: 2 }]);
  });

  it('answers undefined for a void channel', async () => {
    const { fetchImpl } = fakeFetch([() => json(200, { ok: true })]);
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: fetchImpl });
    await expect(client.call('queue.pause', undefined)).resolves.toBeUndefined();
  });

  it('maps an error body to a GantryError with its code and field', async () => {
    const body = {
      ok: false,
      error: { code: 'invalid_input', message: 'rate is too high', field: 'rate' },
    };
    const { fetchImpl } = fakeFetch([() => json(400, body)]);
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: fetchImpl });

    const error = await caught(
      client.call('traffic.start', { shape: 'constant', rate: 1, durationS: 1 }),
    );

    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('rate is too high');
    expect(error.extra.field).toBe('rate');
  });

  it('takes Retry-After for a full queue', async () => {
    const body = { ok: false, error: { code: 'queue_full', message: 'full' } };
    const { fetchImpl } = fakeFetch([() => json(429, body, { 'Retry-After': '3' })]);
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: fetchImpl });
    const error = await caught(client.call('queue.enqueue', [{ payload: null }]));
    expect(error.code).toBe('queue_full');
    expect(error.extra.retryAfterS).toBe(3);
  });

  it('derives the code from the status when the body is not an error body', async () => {
    const { fetchImpl } = fakeFetch([
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      () => new Response('nope', { status: 404 }),
    ]);
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: fetchImpl });
    expect((await caught(client.call('workers.list', undefined))).code).toBe('internal');
    expect((await caught(client.call('tasks.get', 'x'))).code).toBe('not_found');
  });

  it('reports a refused connection as unavailable, keeping the cause', async () => {
    const { fetchImpl } = fakeFetch([]);
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: fetchImpl });
    const error = await caught(client.call('workers.list', undefined));
    expect(error.code).toBe('unavailable');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('refuses to call without a token, and says so in the connection state', async () => {
    const { fetchImpl, seen } = fakeFetch([]);
    const client = new HttpClient({ baseUrl: '', token: null, fetch: fetchImpl });
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));

    const error = await caught(client.call('workers.list', undefined));

    expect(error.code).toBe('unauthorized');
    expect(seen).toHaveLength(0);
    expect(states).toEqual([{ status: 'token-missing' }]);
  });

  it('moves to unauthorized when the token is refused', async () => {
    const body = { ok: false, error: { code: 'unauthorized', message: 'wrong token' } };
    const { fetchImpl } = fakeFetch([() => json(401, body)]);
    const client = new HttpClient({ baseUrl: '', token: 'bad', fetch: fetchImpl });
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    await caught(client.call('workers.list', undefined));
    expect(states.at(-1)).toEqual({ status: 'unauthorized', message: 'wrong token' });
  });

  it('rejects an answer that is not a result', async () => {
    const { fetchImpl } = fakeFetch([() => json(200, [1, 2])]);
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: fetchImpl });
    expect((await caught(client.call('workers.list', undefined))).code).toBe('internal');
  });
});

describe('HttpClient push feed', () => {
  it('delivers snapshots and events, then reconnects with backoff after the stream ends', async () => {
    const first = snapshot(1, 1000);
    const second = snapshot(2, 2000);
    const event = notice(5, 1500);
    const { fetchImpl, seen } = fakeFetch([
      () =>
        sseStream([
          `retry: 2000\n\nevent: snapshot\ndata: ${JSON.stringify(first)}\n\n`,
          `id: 5\nevent: event\ndata: ${JSON.stringify(event)}\n\n`,
        ]),
      () => new Response('down', { status: 503 }),
      () => sseStream([`event: snapshot\ndata: ${JSON.stringify(second)}\n\n`]),
    ]);
    const delays: number[] = [];
    let reconnected!: () => void;
    const done = new Promise<void>((resolve) => (reconnected = resolve));
    const client = new HttpClient({
      baseUrl: 'http://h',
      token: 't',
      fetch: fetchImpl,
      random: () => 1,
      backoffBaseMs: 100,
      backoffMaxMs: 1000,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const snapshots: Snapshot[] = [];
    const events: GantryEvent[] = [];
    const states: string[] = [];
    client.onConnection((s) => states.push(s.status));
    client.onEvent((e) => events.push(e));
    client.onSnapshot((s) => {
      snapshots.push(s);
      if (s.seq === 2) reconnected();
    });

    await done;
    client.close();

    expect(snapshots.map((s) => s.seq)).toEqual([1, 2]);
    expect(events).toEqual([event]);
    expect(seen.map((s) => s.url)).toEqual([
      'http://h/events',
      'http://h/events',
      'http://h/events',
    ]);
    // Reconnects ask the server to replay the events after the last one seen.
    expect(new Headers(seen[0]?.init?.headers).get('last-event-id')).toBeNull();
    expect(new Headers(seen[2]?.init?.headers).get('last-event-id')).toBe('5');
    // The stream ending, then the 503: attempt 0 then attempt 1 of the backoff.
    expect(delays).toEqual([100, 200]);
    expect(states.slice(0, 6)).toEqual([
      'connecting',
      'connected',
      'disconnected',
      'connecting',
      'disconnected',
      'connecting',
    ]);
  });

  it('stops for good when the feed refuses the token', async () => {
    const body = { ok: false, error: { code: 'unauthorized', message: 'wrong token' } };
    const { fetchImpl, seen } = fakeFetch([() => json(401, body)]);
    let sleeps = 0;
    const client = new HttpClient({
      baseUrl: '',
      token: 'bad',
      fetch: fetchImpl,
      sleep: async () => {
        sleeps++;
      },
    });
    const states: ConnectionState[] = [];
    const settled = new Promise<void>((resolve) =>
      client.onConnection((s) => {
        states.push(s);
        if (s.status === 'unauthorized') resolve();
      }),
    );
    client.onSnapshot(() => {});
    await settled;
    // A retry would have gone on synchronously to 'disconnected' and a backoff sleep.
    expect(seen).toHaveLength(1);
    expect(sleeps).toBe(0);
    expect(states.map((s) => s.status)).toEqual(['connecting', 'unauthorized']);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, jittered between half and all of it', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, 500, 10_000, () => 1))).toEqual([
      500, 1000, 2000, 4000, 10_000,
    ]);
    expect(backoffDelay(2, 500, 10_000, () => 0)).toBe(1000);
    expect(backoffDelay(5000, 500, 10_000, () => 0.5)).toBe(7500);
  });
});
