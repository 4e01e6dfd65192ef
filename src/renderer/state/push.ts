import type { GantryEvent } from '../../shared/events';
import type { Snapshot } from '../../shared/snapshot';
import { eventsPatch } from './slices/events-slice';
import { snapshotPatch } from './slices/snapshot-slice';
import { timelinePatch } from './slices/timeline-slice';
import { workersPatch } from './slices/workers-slice';
import type { GantryState, GantryStore } from './store';

/** What one animation frame applies at once: the newest snapshot and the events since. */
export interface PushBatch {
  snapshot: Snapshot | null;
  events: GantryEvent[];
}

/**
 * Applies a batch with a single `setState`, so subscribers and React render once per frame
 * however many pushes arrived. Each slice contributes its own patch.
 */
export function applyPush(store: GantryStore, batch: PushBatch, now: number): void {
  const state = store.getState();
  let patch: Partial<GantryState> = {};
  if (batch.events.length > 0) patch = { ...patch, ...eventsPatch(state, batch.events) };

  const snapshot = batch.snapshot;
  if (snapshot !== null) {
    const own = snapshotPatch(state, snapshot);
    if (own.snapshot !== undefined) {
      patch = {
        ...patch,
        ...own,
        ...workersPatch(state, snapshot, now),
        ...timelinePatch(state, snapshot),
      };
    }
  }
  if (Object.keys(patch).length > 0) store.setState(patch);
}
