export type RuntimeKind = 'docker' | 'process';

/** `starting` → `ready` → `draining` → `stopped`, or `failed` from any state. */
export type WorkerState = 'starting' | 'ready' | 'draining' | 'stopped' | 'failed';

export const WORKER_STATES: readonly WorkerState[] = [
  'starting',
  'ready',
  'draining',
  'stopped',
  'failed',
];

/** A worker as the UI and the HTTP API show it. Times are epoch ms. */
export interface WorkerInfo {
  id: string;
  runtime: RuntimeKind;
  /** Docker container id (full) or process id, as text. */
  ref: string;
  image: string;
  /** `127.0.0.1:PORT`, assigned dynamically. */
  address: string;
  state: WorkerState;
  /** Task slots. */
  concurrency: number;
  inflight: number;
  processed: number;
  failed: number;
  startedAt: number;
  /** When the worker first answered its health check. */
  readyAt?: number;
  stoppedAt?: number;
  /** Why it stopped or failed, when it did. */
  reason?: string;
  /** Latest resource sample from the runtime, if it reports one. */
  cpuPercent?: number;
  memoryBytes?: number;
}

/** One resource sample of a worker, for the sparklines. */
export interface WorkerStatsSample {
  workerId: string;
  ts: number;
  cpuPercent: number;
  memoryBytes: number;
}
