import type { StateCreator } from 'zustand/vanilla';
import type { Snapshot } from '../../../shared/snapshot';
import type { TrafficProgress, TrafficSummary } from '../../../shared/traffic';
import type { GantryState } from '../store';

/** The newest snapshot: queue, autoscaler, runtime and traffic as the engine last pushed. */
export interface SnapshotSlice {
  snapshot: Snapshot | null;
  /** True from the first snapshot on (the app root's `data-ready`). */
  ready: boolean;
  /** The last finished traffic run, kept after the snapshot moves on. */
  lastTrafficSummary: TrafficSummary | null;
}

function isSummary(traffic: TrafficProgress | TrafficSummary | null): traffic is TrafficSummary {
  return traffic !== null && 'finishedAt' in traffic;
}

/** The slice's part of applying a snapshot; empty when it repeats the held one. */
export function snapshotPatch(state: SnapshotSlice, snapshot: Snapshot): Partial<SnapshotSlice> {
  if (
    state.snapshot !== null &&
    state.snapshot.seq === snapshot.seq &&
    state.snapshot.ts === snapshot.ts
  ) {
    return {};
  }
  const patch: Partial<SnapshotSlice> = { snapshot, ready: true };
  if (isSummary(snapshot.traffic)) patch.lastTrafficSummary = snapshot.traffic;
  return patch;
}

export const createSnapshotSlice: StateCreator<GantryState, [], [], SnapshotSlice> = () => ({
  snapshot: null,
  ready: false,
  lastTrafficSummary: null,
});
