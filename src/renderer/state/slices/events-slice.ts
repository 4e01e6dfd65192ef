import type { StateCreator } from 'zustand/vanilla';
import type { GantryEvent } from '../../../shared/events';
import type { GantryState } from '../store';

/** The most events kept in memory for the log and the timeline's markers. */
export const EVENTS_KEEP = 5000;

/** Recent events, oldest first; `eventsVersion` moves on each change. */
export interface EventsSlice {
  events: GantryEvent[];
  eventsVersion: number;
}

const key = (e: GantryEvent) => `${e.seq}:${e.ts}`;

/**
 * Appends events, dropping ones already held (same seq and ts: the backfill and the live
 * feed overlap), keeping time order and the newest EVENTS_KEEP.
 */
export function mergeEvents(
  held: readonly GantryEvent[],
  incoming: readonly GantryEvent[],
): GantryEvent[] {
  const known = new Set(held.map(key));
  const fresh = incoming.filter((e) => !known.has(key(e)));
  if (fresh.length === 0) return held as GantryEvent[];
  const merged = [...held, ...fresh];
  const inOrder = merged.every((e, i) => i === 0 || (merged[i - 1]?.ts ?? 0) <= e.ts);
  const sorted = inOrder ? merged : merged.toSorted((a, b) => a.ts - b.ts || a.seq - b.seq);
  return sorted.length > EVENTS_KEEP ? sorted.slice(sorted.length - EVENTS_KEEP) : sorted;
}

/** The slice's part of applying pushed events. */
export function eventsPatch(
  state: EventsSlice,
  incoming: readonly GantryEvent[],
): Partial<EventsSlice> {
  const events = mergeEvents(state.events, incoming);
  return events === state.events ? {} : { events, eventsVersion: state.eventsVersion + 1 };
}

export const createEventsSlice: StateCreator<GantryState, [], [], EventsSlice> = () => ({
  events: [],
  eventsVersion: 0,
});
