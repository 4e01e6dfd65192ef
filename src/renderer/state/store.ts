import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionSlice } from './slices/connection-slice';
import { createConnectionSlice } from './slices/connection-slice';
import type { EventsSlice } from './slices/events-slice';
import { createEventsSlice } from './slices/events-slice';
import type { SnapshotSlice } from './slices/snapshot-slice';
import { createSnapshotSlice } from './slices/snapshot-slice';
import type { TasksSlice } from './slices/tasks-slice';
import { createTasksSlice } from './slices/tasks-slice';
import type { TimelineSlice } from './slices/timeline-slice';
import { createTimelineSlice } from './slices/timeline-slice';
import type { UiSlice } from './slices/ui-slice';
import { createUiSlice } from './slices/ui-slice';
import type { WorkersSlice } from './slices/workers-slice';
import { createWorkersSlice } from './slices/workers-slice';

/** The renderer's whole state: what the engine pushed, and what the user chose. */
export type GantryState = ConnectionSlice &
  SnapshotSlice &
  WorkersSlice &
  TimelineSlice &
  EventsSlice &
  TasksSlice &
  UiSlice;
export type GantryStore = StoreApi<GantryState>;

/** A fresh store (one per window; tests make their own). */
export function createGantryStore(): GantryStore {
  return createStore<GantryState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createSnapshotSlice(...a),
    ...createWorkersSlice(...a),
    ...createTimelineSlice(...a),
    ...createEventsSlice(...a),
    ...createTasksSlice(...a),
    ...createUiSlice(...a),
  }));
}
