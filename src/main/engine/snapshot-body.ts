import type { Settings } from '../../shared/settings';
import type { RuntimeStatus } from '../../shared/snapshot';
import type { TrafficProgress, TrafficSummary } from '../../shared/traffic';
import type { QueueStore } from '../queue/store';
import type { Autoscaler } from './autoscaler/autoscaler';
import type { WorkerPool } from './pool/worker-pool';
import type { SnapshotBody } from './snapshot';
import type { TaskOutcomes } from './task-outcomes';

export interface SnapshotSources {
  at: number;
  settings: Settings;
  store: QueueStore;
  outcomes: TaskOutcomes;
  pool: WorkerPool;
  autoscaler: Autoscaler;
  paused: boolean;
  runtime: RuntimeStatus;
  traffic: TrafficProgress | TrafficSummary | null;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The snapshot's content from the engine's services (rates rounded so noise is no change). */
export function buildSnapshotBody(s: SnapshotSources): SnapshotBody {
  const [waitP50 = 0, waitP95 = 0] = s.outcomes.waitMs.percentiles([0.5, 0.95]);
  const [runP50 = 0, runP95 = 0] = s.outcomes.runMs.percentiles([0.5, 0.95]);
  return {
    queue: {
      counts: s.store.counts(),
      limit: s.settings.maxQueue,
      paused: s.paused,
      submitRate: round(s.outcomes.submitRate.rate(s.at)),
      completeRate: round(s.outcomes.completeRate.rate(s.at)),
      wait: { p50: round(waitP50), p95: round(waitP95) },
      run: { p50: round(runP50), p95: round(runP95) },
    },
    workers: s.pool.list(),
    autoscaler: s.autoscaler.status(),
    runtime: s.runtime,
    traffic: s.traffic,
  };
}
