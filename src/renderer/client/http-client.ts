import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { GantryError } from '../../shared/api/errors';
import type { GantryEvent } from '../../shared/events';
import { Listeners } from '../../shared/listeners';
import type { Snapshot } from '../../shared/snapshot';
import { errorFromNetwork, errorFromResponse } from './http-errors';
import { SseParser } from './sse-parser';
import type { ConnectionState, RendererClient } from './types';

/** What the HTTP client needs from its host; tests pass fakes implementing the same shapes. */
export interface HttpClientOptions {
  /** Origin of the engine, e.g. `http://127.0.0.1:7070` (no trailing slash). */
  baseUrl: string;
  /** Bearer token; null when the page was opened without one. */
  token: string | null;
  fetch: typeof fetch;
  /** Waits `ms` (resolves early when the signal aborts). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Reconnect backoff: first delay and cap, ms. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true || (value.ok === false && 'error' in value);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Capped exponential backoff with jitter: attempt 0 waits about `base`, each next one twice
 * as long up to `max`; the jitter (50–100 %) keeps many tabs from reconnecting in step.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * The headless dashboard's client: `POST /api/{method}` with the bearer token, and the push
 * feed from `GET /events` read with fetch streaming (EventSource cannot send headers). The
 * feed reconnects with backoff until `close()`; a 401 stops it (a wrong token stays wrong).
 */
export class HttpClient implements RendererClient {
  readonly transport = 'http';
  private readonly snapshots = new Listeners<Snapshot>();
  private readonly events = new Listeners<GantryEvent>();
  private readonly connection = new Listeners<ConnectionState>();
  private state: ConnectionState;
  private readonly abort = new AbortController();
  private feedStarted = false;
  /** The id of the last event frame, sent on reconnect so the server replays the gap. */
  private lastEventId: string | undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.state = options.token === null ? { status: 'token-missing' } : { status: 'connecting' };
  }

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const token = this.requireToken(method);
    let response: Response;
    try {
      response = await this.options.fetch(`${this.options.baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? null),
      });
    } catch (cause) {
      throw errorFromNetwork(method, cause);
    }

    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.code === 'unauthorized')
        this.setState({ status: 'unauthorized', message: error.message });
      throw error;
    }
    // The RPC bridge answers a `Result`: `{ok: true, value}` (a void channel has no value).
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch (cause) {
      throw new GantryError('internal', `${method}: the answer is not JSON`, { cause });
    }
    if (isResult(body)) {
      if (body.ok) return body.value as Output<M>;
      throw GantryError.fromBody(body.error);
    }
    throw new GantryError('internal', `${method}: the answer is not a result`);
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.startFeed();
    return this.snapshots.add(listener);
  }

  onEvent(listener: (event: GantryEvent) => void): () => void {
    this.startFeed();
    return this.events.add(listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    listener(this.state);
    return this.connection.add(listener);
  }

  close(): void {
    this.abort.abort();
  }

  private requireToken(method: string): string {
    if (this.options.token === null) {
      throw new GantryError(
        'unauthorized',
        `${method}: no API token (open the link that gantry serve prints)`,
      );
    }
    return this.options.token;
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.connection.emit(state);
  }

  private startFeed(): void {
    if (this.feedStarted || this.options.token === null) return;
    this.feedStarted = true;
    void this.runFeed(this.options.token);
  }

  private async runFeed(token: string): Promise<void> {
    const sleep = this.options.sleep ?? defaultSleep;
    const random = this.options.random ?? Math.random;
    const base = this.options.backoffBaseMs ?? 500;
    const max = this.options.backoffMaxMs ?? 10_000;
    const signal = this.abort.signal;
    let attempt = 0;

    while (!signal.aborted) {
      let message = 'the event stream ended';
      try {
        const headers: Record<string, string> = {
          Authorization: `Bearer ${token}`,
          Accept: 'text/event-stream',
        };
        if (this.lastEventId !== undefined) headers['Last-Event-ID'] = this.lastEventId;
        const response = await this.options.fetch(`${this.options.baseUrl}/events`, {
          headers,
          signal,
        });
        if (response.status === 401 || response.status === 403) {
          const error = await errorFromResponse(response);
          this.setState({ status: 'unauthorized', message: error.message });
          return;
        }
        if (!response.ok || response.body === null) {
          throw await errorFromResponse(response);
        }
        attempt = 0;
        this.setState({ status: 'connected' });
        await this.readStream(response.body, signal);
      } catch (cause) {
        if (signal.aborted) return;
        message = cause instanceof Error ? cause.message : String(cause);
      }
      if (signal.aborted) return;

      const delay = backoffDelay(attempt++, base, max, random);
      this.setState({ status: 'disconnected', message, retryInMs: delay });
      await sleep(delay, signal);
      if (!signal.aborted) this.setState({ status: 'connecting' });
    }
  }

  private async readStream(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        if (message.id !== undefined) this.lastEventId = message.id;
        this.dispatch(message.event, message.data);
      }
    }
  }

  private dispatch(event: string, data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      // A frame we cannot read is dropped; the next snapshot carries the full state anyway.
      return;
    }
    if (event === 'snapshot') this.snapshots.emit(parsed as Snapshot);
    else if (event === 'event') this.events.emit(parsed as GantryEvent);
  }
}
