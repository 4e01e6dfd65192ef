import type { Snapshot } from '../../shared/snapshot';

/** A snapshot before the publisher stamps it. */
export type SnapshotBody = Omit<Snapshot, 'seq' | 'ts'>;

export interface SnapshotPublisherOptions {
  build: (now: number) => SnapshotBody;
  now: () => number;
  /** At most one push per interval (250 ms: four a second). */
  intervalMs?: number;
  /** A subscriber threw; the others still get the snapshot. */
  onListenerError?: (error: unknown) => void;
}

/**
 * Pushes snapshots coalesced: any number of changes within an interval become one push, and
 * a push happens only when the content differs from the previous one. After a push it checks
 * once more an interval later, since rates keep moving after the last change (a window
 * draining to zero); once two checks agree it sleeps until the next change.
 */
export class SnapshotPublisher {
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private readonly intervalMs: number;
  private seq = 0;
  private lastText = '';
  private lastPushAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SnapshotPublisherOptions) {
    this.intervalMs = options.intervalMs ?? 250;
  }

  /** Something changed: a push follows within one interval if the content differs. */
  markDirty(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastPushAt + this.intervalMs - this.options.now());
    this.timer = setTimeout(() => this.check(), wait);
  }

  /** The current state, stamped with the latest pushed `seq`. */
  current(): Snapshot {
    const now = this.options.now();
    return { seq: this.seq, ts: now, ...this.options.build(now) };
  }

  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    this.timer = undefined;
    const now = this.options.now();
    const body = this.options.build(now);
    const text = JSON.stringify(body);
    if (text === this.lastText) return;
    this.lastText = text;
    this.lastPushAt = now;
    this.seq += 1;
    const snapshot: Snapshot = { seq: this.seq, ts: now, ...body };
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.options.onListenerError?.(error);
      }
    }
    this.markDirty();
  }
}
