import type { WorkerInfo, WorkerStatsSample } from '../../shared/workers';

/** CPU and memory samples of one worker, oldest first, for its sparklines. */
export interface StatsHistory {
  ts: number[];
  cpu: number[];
  mem: number[];
}

/** A worker as the grid shows it: the engine's view plus when it left the engine's list. */
export interface WorkerRow extends WorkerInfo {
  /** Set once the worker is no longer reported: the card fades out, then is dropped. */
  goneAt?: number;
}

export const STATS_KEEP = 180;
/** How long a stopped or vanished worker's card stays (fading) before it is dropped. */
export const FADE_MS = 15_000;

/** Adds one sample unless it repeats the newest timestamp; keeps the newest STATS_KEEP. */
export function addSample(
  history: StatsHistory | undefined,
  ts: number,
  cpu: number,
  mem: number,
): StatsHistory {
  const base = history ?? { ts: [], cpu: [], mem: [] };
  const lastTs = base.ts[base.ts.length - 1];
  if (lastTs !== undefined && ts <= lastTs) return base;
  const drop = Math.max(0, base.ts.length + 1 - STATS_KEEP);
  return {
    ts: [...base.ts.slice(drop), ts],
    cpu: [...base.cpu.slice(drop), cpu],
    mem: [...base.mem.slice(drop), mem],
  };
}

/** Merges samples from `workers.stats` (possibly overlapping what snapshots gave). */
export function mergeSamples(
  stats: Record<string, StatsHistory>,
  samples: Record<string, WorkerStatsSample[]>,
): Record<string, StatsHistory> {
  const next = { ...stats };
  for (const [id, list] of Object.entries(samples)) {
    const merged = new Map<number, WorkerStatsSample>();
    const existing = next[id];
    if (existing) {
      existing.ts.forEach((ts, i) => {
        merged.set(ts, {
          workerId: id,
          ts,
          cpuPercent: existing.cpu[i] ?? 0,
          memoryBytes: existing.mem[i] ?? 0,
        });
      });
    }
    for (const sample of list) merged.set(sample.ts, sample);
    const sorted = [...merged.values()].toSorted((a, b) => a.ts - b.ts).slice(-STATS_KEEP);
    next[id] = {
      ts: sorted.map((s) => s.ts),
      cpu: sorted.map((s) => s.cpuPercent),
      mem: sorted.map((s) => s.memoryBytes),
    };
  }
  return next;
}

/**
 * The grid's rows after a snapshot: reported workers as they are, and those no longer
 * reported kept with `goneAt` until FADE_MS has passed, so cards fade rather than vanish.
 * Order is stable: by start time, then id.
 */
export function mergeWorkerRows(
  previous: readonly WorkerRow[],
  reported: readonly WorkerInfo[],
  now: number,
): WorkerRow[] {
  const seen = new Set(reported.map((w) => w.id));
  const rows: WorkerRow[] = [...reported];
  for (const row of previous) {
    if (seen.has(row.id)) continue;
    const goneAt = row.goneAt ?? now;
    if (now - goneAt < FADE_MS)
      rows.push({ ...row, goneAt, state: row.state === 'failed' ? 'failed' : 'stopped' });
  }
  return rows
    .filter(
      (row) =>
        !(
          row.state === 'stopped' &&
          row.stoppedAt !== undefined &&
          now - row.stoppedAt > FADE_MS * 4
        ),
    )
    .toSorted((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}
