import type { WorkerStatsSample } from '../../../shared/workers';

/** Keeps the samples of the last `windowMs` per worker (10 minutes by default). */
export class StatsHistory {
  private readonly byWorker = new Map<string, WorkerStatsSample[]>();

  constructor(private readonly windowMs = 10 * 60_000) {}

  add(sample: WorkerStatsSample): void {
    let list = this.byWorker.get(sample.workerId);
    if (!list) {
      list = [];
      this.byWorker.set(sample.workerId, list);
    }
    list.push(sample);
    const cutoff = sample.ts - this.windowMs;
    let drop = 0;
    while (drop < list.length && (list[drop]?.ts ?? 0) < cutoff) drop += 1;
    if (drop > 0) list.splice(0, drop);
  }

  forget(workerId: string): void {
    this.byWorker.delete(workerId);
  }

  all(): Record<string, WorkerStatsSample[]> {
    const out: Record<string, WorkerStatsSample[]> = {};
    for (const [id, list] of this.byWorker) out[id] = list.slice();
    return out;
  }
}
