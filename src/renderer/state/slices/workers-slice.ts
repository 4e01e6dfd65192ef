import type { StateCreator } from 'zustand/vanilla';
import type { Snapshot } from '../../../shared/snapshot';
import type { WorkerStatsSample } from '../../../shared/workers';
import type { GantryState } from '../store';
import type { StatsHistory, WorkerRow } from '../worker-history';
import { addSample, mergeSamples, mergeWorkerRows } from '../worker-history';

/** The grid's rows (fading ones included) and each worker's CPU and memory history. */
export interface WorkersSlice {
  workerRows: WorkerRow[];
  stats: Record<string, StatsHistory>;
  /** Adds what `workers.stats` answered (history from before this window opened). */
  mergeStats(samples: Record<string, WorkerStatsSample[]>): void;
}

/** The slice's part of applying a snapshot: rows merged, one resource sample per worker. */
export function workersPatch(
  state: WorkersSlice,
  snapshot: Snapshot,
  now: number,
): Partial<WorkersSlice> {
  let stats = state.stats;
  for (const w of snapshot.workers) {
    if (w.cpuPercent === undefined && w.memoryBytes === undefined) continue;
    const next = addSample(stats[w.id], snapshot.ts, w.cpuPercent ?? 0, w.memoryBytes ?? 0);
    if (next !== stats[w.id]) stats = { ...stats, [w.id]: next };
  }
  return { workerRows: mergeWorkerRows(state.workerRows, snapshot.workers, now), stats };
}

export const createWorkersSlice: StateCreator<GantryState, [], [], WorkersSlice> = (set, get) => ({
  workerRows: [],
  stats: {},
  mergeStats: (samples) => set({ stats: mergeSamples(get().stats, samples) }),
});
