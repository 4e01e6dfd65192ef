import type { Decision } from './scaling/types';
import type { RuntimeKind, WorkerState } from './workers';

export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

interface EventBase {
  /** Increasing per engine run; lets a client detect gaps. */
  seq: number;
  /** Epoch ms. */
  ts: number;
  level: EventLevel;
  /** One readable line for the event log. */
  message: string;
}

/** The autoscaler decided to change the pool (or was told to, for `manual`). */
export interface ScalingEvent extends EventBase {
  type: 'scaling';
  direction: 'up' | 'down';
  /** `policy` or `manual` (an operator's scale, stop or restart). */
  cause: 'policy' | 'manual' | 'replace';
  decision: Decision;
  /** The workers started or chosen to drain. */
  workerIds: string[];
}

/** A worker changed state. */
export interface WorkerEvent extends EventBase {
  type: 'worker';
  workerId: string;
  runtime: RuntimeKind;
  /** Container id or pid. */
  ref: string;
  address: string;
  from: WorkerState | null;
  to: WorkerState;
  reason: string;
}

/** The runtime or a loop hit a fault (Docker unreachable, image missing, start timeout...). */
export interface RuntimeErrorEvent extends EventBase {
  type: 'runtime-error';
  code: string;
}

/** Task outcomes summed over a short window (never one event per task). */
export interface TaskSummaryEvent extends EventBase {
  type: 'task-summary';
  windowMs: number;
  succeeded: number;
  retried: number;
  dead: number;
  canceled: number;
}

/** Operator actions and lifecycle facts: queue paused, settings changed, traffic started. */
export interface NoticeEvent extends EventBase {
  type: 'notice';
  topic: 'queue' | 'settings' | 'traffic' | 'autoscaler' | 'engine';
  data?: Record<string, unknown>;
}

export type GantryEvent =
  | ScalingEvent
  | WorkerEvent
  | RuntimeErrorEvent
  | TaskSummaryEvent
  | NoticeEvent;

export type GantryEventType = GantryEvent['type'];

/** An event before the bus stamps `seq` and `ts`. */
export type EventDraft = GantryEvent extends infer E
  ? E extends GantryEvent
    ? Omit<E, 'seq' | 'ts'> & { ts?: number }
    : never
  : never;
