import type { Runtime } from '../../runtime/runtime';
import { checkHealth } from './health';
import type { StatsHistory } from './stats-history';
import type { WorkerRecord } from './worker-record';

/** Consecutive missed liveness checks after which a worker is failed and replaced. */
const LIVENESS_MISSES = 3;

export interface PoolMonitorOptions {
  runtime: Runtime;
  history: StatsHistory;
  /** Every listed worker. */
  records: () => Iterable<WorkerRecord>;
  /** A worker in rotation missed `LIVENESS_MISSES` checks in a row: take it out. */
  onUnresponsive: (record: WorkerRecord, reason: string) => Promise<void>;
  statsIntervalMs: number;
  livenessIntervalMs: number;
}

/**
 * Watches the live workers on two timers: samples their resource use into the stats history
 * and asks those in rotation `/healthz`. A worker that is alive as a process but no longer
 * answers (a blocked event loop, a closed port) would take tasks only to time them out.
 */
export class PoolMonitor {
  private statsTimer: NodeJS.Timeout | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private sampling = false;
  private checking = false;
  private stopped = false;
  /** Consecutive failed liveness checks per worker id. */
  private readonly missed = new Map<string, number>();

  constructor(private readonly options: PoolMonitorOptions) {}

  start(): void {
    this.statsTimer = setInterval(() => void this.sample(), this.options.statsIntervalMs);
    this.livenessTimer = setInterval(
      () => void this.checkLiveness(),
      this.options.livenessIntervalMs,
    );
  }

  stop(): void {
    this.stopped = true;
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.livenessTimer) clearInterval(this.livenessTimer);
  }

  private async checkLiveness(): Promise<void> {
    if (this.checking || this.stopped) return;
    this.checking = true;
    try {
      const ready = [...this.options.records()].filter((r) => r.info.state === 'ready');
      const answers = await Promise.all(ready.map((r) => checkHealth(r.info.address, 2000)));
      for (let i = 0; i < ready.length; i++) {
        const record = ready[i];
        if (!record || record.info.state !== 'ready') continue;
        const id = record.info.id;
        if (answers[i]) {
          this.missed.delete(id);
          continue;
        }
        const missed = (this.missed.get(id) ?? 0) + 1;
        this.missed.set(id, missed);
        if (missed < LIVENESS_MISSES) continue;
        this.missed.delete(id);
        await this.options.onUnresponsive(
          record,
          `stopped answering /healthz (${missed} checks in a row)`,
        );
      }
    } finally {
      this.checking = false;
    }
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const live = [...this.options.records()].filter(
        (r) => r.handle && (r.info.state === 'ready' || r.info.state === 'draining'),
      );
      await Promise.all(
        live.map(async (record) => {
          if (!record.handle) return;
          const sample = await this.options.runtime.stats(record.handle).catch(() => undefined);
          if (!sample) return;
          record.info.cpuPercent = sample.cpuPercent;
          record.info.memoryBytes = sample.memoryBytes;
          this.options.history.add(sample);
        }),
      );
    } finally {
      this.sampling = false;
    }
  }
}
