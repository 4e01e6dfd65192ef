import type { PolicyConfig, Decision } from './scaling/types';
import type { TaskCounts } from './tasks';
import type { TrafficProgress, TrafficSummary } from './traffic';
import type { RuntimeKind, WorkerInfo } from './workers';

/** Autoscaler state, as `GET /autoscaler-status` and the autoscaler panel show it. */
export interface AutoscalerStatus {
  policy: PolicyConfig;
  paused: boolean;
  minWorkers: number;
  maxWorkers: number;
  /** starting + ready workers. */
  current: number;
  /** The latest decision's count. */
  desired: number;
  workers: { starting: number; ready: number; draining: number };
  reconcileIntervalMs: number;
  /** Newest first. */
  lastDecisions: Decision[];
}

/** Which runtime runs the workers and whether it answers. */
export interface RuntimeStatus {
  kind: RuntimeKind;
  available: boolean;
  /** Why it is unavailable, or what it is (e.g. Docker version). */
  detail: string;
  /** True when `auto` fell back to processes because Docker did not answer. */
  fallback: boolean;
}

/** Queue figures. Rates are per second over the last few seconds; latencies in ms. */
export interface QueueStatus {
  counts: TaskCounts;
  /** `maxQueue`: the most tasks waiting (scheduled + queued). */
  limit: number;
  paused: boolean;
  submitRate: number;
  completeRate: number;
  wait: { p50: number; p95: number };
  run: { p50: number; p95: number };
}

/** What the engine pushes a few times a second. */
export interface Snapshot {
  seq: number;
  ts: number;
  queue: QueueStatus;
  workers: WorkerInfo[];
  autoscaler: AutoscalerStatus;
  runtime: RuntimeStatus;
  traffic: TrafficProgress | TrafficSummary | null;
}
