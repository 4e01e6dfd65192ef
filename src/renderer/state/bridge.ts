import type { GantryEvent } from '../../shared/events';
import type { Snapshot } from '../../shared/snapshot';
import type { RendererClient } from '../client/types';
import type { FrameScheduler } from './frame-scheduler';
import { applyPush } from './push';
import type { GantryStore } from './store';
import { TIMELINE_SPAN_MS } from './slices/timeline-slice';

/** Pending events beyond this are dropped oldest first (a hidden window, a flood). */
const MAX_PENDING_EVENTS = 5000;

export interface BridgeOptions {
  scheduler: FrameScheduler;
  now?: () => number;
}

/**
 * The one place pushes enter the store. Snapshots and events are held until the next
 * animation frame, then applied together: many pushes in a frame cost one store update
 * and one render, and only the newest snapshot of the frame is kept. Answers a disposer.
 */
export function connectBridge(
  client: RendererClient,
  store: GantryStore,
  options: BridgeOptions,
): () => void {
  const now = options.now ?? Date.now;
  let snapshot: Snapshot | null = null;
  let events: GantryEvent[] = [];
  let scheduled = false;
  let disposed = false;

  const flush = () => {
    scheduled = false;
    if (disposed) return;
    const batch = { snapshot, events };
    snapshot = null;
    events = [];
    applyPush(store, batch, now());
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    options.scheduler.request(flush);
  };

  const offs = [
    client.onConnection((state) => store.getState().setConnection(state, client.transport)),
    client.onSnapshot((next) => {
      if (snapshot === null || next.seq >= snapshot.seq || next.ts > snapshot.ts) snapshot = next;
      schedule();
    }),
    client.onEvent((event) => {
      events.push(event);
      if (events.length > MAX_PENDING_EVENTS) events.splice(0, events.length - MAX_PENDING_EVENTS);
      schedule();
    }),
  ];
  return () => {
    disposed = true;
    for (const off of offs) off();
  };
}

/**
 * History from before the window opened: the last hour of events (the log and the
 * timeline's markers and points) and the workers' resource samples. Failures are reported
 * as a notice, not thrown: the live feed works without history.
 */
export async function backfill(
  client: RendererClient,
  store: GantryStore,
  now = Date.now(),
): Promise<void> {
  const state = store.getState();
  const [events, stats] = await Promise.allSettled([
    client.call('events.list', {
      from: Math.max(0, Math.floor(now - TIMELINE_SPAN_MS)),
      limit: 10_000,
    }),
    client.call('workers.stats', undefined),
  ]);
  if (events.status === 'fulfilled') {
    applyPush(store, { snapshot: null, events: events.value }, now);
    state.backfillTimeline(store.getState().events);
  }
  if (stats.status === 'fulfilled') state.mergeStats(stats.value);
  const failed = [events, stats].find((r) => r.status === 'rejected');
  if (failed !== undefined && failed.status === 'rejected') {
    const reason = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    state.notify(`History not loaded: ${reason}`, 'error');
  }
}
