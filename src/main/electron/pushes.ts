import { PUSH_CHANNELS } from '../../shared/api/channels';
import type { GantryEvent } from '../../shared/events';
import type { Snapshot } from '../../shared/snapshot';

/** Where pushes go: the window's `webContents`. */
export interface PushTarget {
  send(channel: string, value: unknown): void;
}

/**
 * How a channel is buffered before the page is ready: `latest` keeps only the newest value
 * (snapshots supersede each other), `each` keeps every value in order, up to a cap.
 */
export type BufferMode = 'latest' | 'each';

/**
 * Pushes from main to the renderer. Until the page has loaded (and again while it reloads)
 * nothing is sent, because messages to a page that is still loading are lost; values are
 * buffered and flushed in order once it is ready.
 */
export class PushOutbox {
  private target: PushTarget | undefined;
  private ready = false;
  private readonly queued: Array<{ channel: string; value: unknown }> = [];
  private readonly latest = new Map<string, unknown>();
  private dropped = 0;

  /** @param maxQueued cap on buffered `each` values; the oldest go first. */
  constructor(private readonly maxQueued = 1000) {}

  /** Sets (or clears) the window the pushes go to; not ready until `setReady(true)`. */
  attach(target: PushTarget | undefined): void {
    this.target = target;
    this.ready = false;
  }

  /** Called on `did-finish-load` (true) and `did-start-loading` (false). */
  setReady(ready: boolean): void {
    this.ready = ready;
    if (ready) this.flush();
  }

  send(channel: string, value: unknown, mode: BufferMode): void {
    if (this.ready && this.target !== undefined) {
      this.target.send(channel, value);
      return;
    }
    if (mode === 'latest') {
      this.latest.set(channel, value);
      return;
    }
    this.queued.push({ channel, value });
    if (this.queued.length > this.maxQueued) {
      this.queued.shift();
      this.dropped += 1;
    }
  }

  /** Values dropped because the buffer was full (the renderer backfills events on load). */
  get droppedCount(): number {
    return this.dropped;
  }

  private flush(): void {
    const target = this.target;
    if (target === undefined) return;
    for (const { channel, value } of this.queued.splice(0)) target.send(channel, value);
    for (const [channel, value] of this.latest) target.send(channel, value);
    this.latest.clear();
  }
}

/** The window's page as the outbox follows it (Electron's `webContents`; a fake in tests). */
export interface PageLike extends PushTarget {
  on(event: 'did-start-loading', listener: () => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
}

/** Sends the outbox's pushes to `page`, holding them while it (re)loads. */
export function followPage(outbox: PushOutbox, page: PageLike): void {
  outbox.attach(page);
  page.on('did-start-loading', () => outbox.setReady(false));
  page.on('did-finish-load', () => outbox.setReady(true));
}

/** The engine's push streams, wherever it runs. */
export interface PushSource {
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onEvent(listener: (event: GantryEvent) => void): () => void;
}

/**
 * Forwards the engine's snapshots (only the newest is kept while the page is not ready) and
 * events (each, in order) to the outbox. Answers a disposer.
 */
export function forwardEnginePushes(source: PushSource, outbox: PushOutbox): () => void {
  const offSnapshot = source.onSnapshot((snapshot) =>
    outbox.send(PUSH_CHANNELS.snapshot, snapshot, 'latest'),
  );
  const offEvent = source.onEvent((event) => outbox.send(PUSH_CHANNELS.event, event, 'each'));
  return () => {
    offSnapshot();
    offEvent();
  };
}
