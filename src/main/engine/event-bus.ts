import type { EventDraft, GantryEvent } from '../../shared/events';

/** Receives each event once it is stamped. */
export type EventListener = (event: GantryEvent) => void;

/**
 * Stamps drafts with an increasing `seq` and a `ts`, then hands them to every subscriber in
 * subscription order. A throwing subscriber does not stop the others.
 */
export class EventBus {
  private seq = 0;
  private readonly listeners = new Set<EventListener>();

  constructor(
    private readonly now: () => number,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

  /** Stamps and delivers one event; answers the stamped event. */
  publish(draft: EventDraft): GantryEvent {
    this.seq += 1;
    const event = { ...draft, seq: this.seq, ts: draft.ts ?? this.now() } as GantryEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return event;
  }

  /** Answers a disposer that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get lastSeq(): number {
    return this.seq;
  }
}
