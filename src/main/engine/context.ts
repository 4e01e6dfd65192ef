import type { SimRunOutput, SimRunRequest } from '../../shared/api/contract/sim';
import type { Settings } from '../../shared/settings';
import type { RuntimeStatus } from '../../shared/snapshot';
import type { Task, TaskSpec } from '../../shared/tasks';
import type { TrafficProfile, TrafficProgress, TrafficSummary } from '../../shared/traffic';
import type { Logger } from '../log/logger';
import type { QueueStore } from '../queue/store';
import type { Runtime } from '../runtime/runtime';
import type { Autoscaler } from './autoscaler/autoscaler';
import type { Dispatcher } from './dispatch/dispatcher';
import type { EventBus } from './event-bus';
import type { EventLog } from './event-log';
import type { EngineMetrics } from './metrics';
import type { WorkerPool } from './pool/worker-pool';
import type { TaskOutcomes } from './task-outcomes';

/** The traffic generator as the engine drives it. */
export interface TrafficControl {
  start(profile: TrafficProfile): TrafficProgress;
  stop(): Promise<TrafficSummary | null>;
  progress(): TrafficProgress | TrafficSummary | null;
}

/** The engine's services, as the handlers see them. */
export interface EngineContext {
  settings(): Settings;
  /** Replaces the settings in memory and persists them. */
  replaceSettings(next: Settings): Promise<void>;
  runtimeStatus(): RuntimeStatus;
  store: QueueStore;
  runtime: Runtime;
  pool: WorkerPool;
  dispatcher: Dispatcher;
  autoscaler: Autoscaler;
  outcomes: TaskOutcomes;
  bus: EventBus;
  eventLog: EventLog;
  metrics: EngineMetrics;
  logger: Logger;
  now: () => number;
  traffic: TrafficControl;
  /** Checks limits, applies defaults, stores durably, wakes the dispatcher. */
  submit(specs: TaskSpec[]): Promise<Task[]>;
  /** Runs the simulator for the policy lab. */
  simulate(input: SimRunRequest): Promise<SimRunOutput>;
}
