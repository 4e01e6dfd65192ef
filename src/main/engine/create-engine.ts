import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GantryError } from '../../shared/api/errors';
import { createPolicy } from '../../shared/scaling';
import type { Settings } from '../../shared/settings';
import type { RuntimeStatus } from '../../shared/snapshot';
import type { Task, TaskError, TaskSpec } from '../../shared/tasks';
import type { Logger } from '../log/logger';
import { JournalStore } from '../queue/journal-store';
import { parseLease } from '../queue/lease-token';
import type { QueueStore, StaleReason } from '../queue/store';
import type { Runtime } from '../runtime/runtime';
import { runSimRequest } from '../sim/rpc';
import { TrafficRunner } from '../traffic/runner';
import { selectRuntime } from '../runtime/select-runtime';
import { Autoscaler, policyConfigOf } from './autoscaler/autoscaler';
import type { EngineContext, TrafficControl } from './context';
import { Dispatcher } from './dispatch/dispatcher';
import { EventBus } from './event-bus';
import { EventLog } from './event-log';
import { createHandlers } from './handlers';
import { EngineMetrics } from './metrics';
import { WorkerPool } from './pool/worker-pool';
import { buildSnapshotBody } from './snapshot-body';
import { SnapshotPublisher } from './snapshot';
import { checkSubmit, enqueueWithDefaults } from './submit';
import { isFinal, TaskOutcomes } from './task-outcomes';
import type { Engine } from './types';
import { withTimeout } from './with-timeout';

/** What a host hands the engine; everything but the logger has a default. */
export interface EngineDeps {
  logger: Logger;
  /** Default: the journal in `<data>/queue` at `settings.durability`. */
  store?: QueueStore;
  /** Default: `selectRuntime` (Docker when it answers, else local processes). */
  runtime?: Runtime;
  /** What the UI shows about the runtime; default: from `selectRuntime`, or `runtime.kind`. */
  runtimeStatus?: RuntimeStatus;
  now?: () => number;
  /** Saves settings changed through `settings.set` or `autoscaler.configure`. */
  persistSettings?: (settings: Settings) => Promise<void>;
  /** Open a damaged journal by keeping the history before the damage (`--repair-queue`). */
  repairQueue?: boolean;
  /** Loop periods in ms, for tests; the defaults suit the app. */
  tuning?: { livenessIntervalMs?: number; statsIntervalMs?: number; keepStoppedMs?: number };
}

/** Grace for attempts in flight when the engine stops, before they are released. */
const STOP_DISPATCH_GRACE_MS = 3000;

/**
 * Puts what opening the journal found on the timeline when it was not a clean open: a torn
 * final write cut off, damage set aside, or tasks that were running and went back to the
 * queue. The journal logs the same at warn.
 */
function reportRecovery(store: JournalStore, bus: EventBus): void {
  const report = store.recovery;
  const damaged = report.tornBytes > 0 || report.repaired !== undefined;
  if (!damaged && report.requeued === 0) return;
  const parts = [`${report.requeued} interrupted tasks requeued`];
  if (report.tornBytes > 0) parts.push(`${report.tornBytes} bytes of a torn write cut off`);
  if (report.repaired) parts.push(`damage set aside in ${report.repaired.setAside.join(', ')}`);
  bus.publish({
    type: 'notice',
    level: damaged ? 'warn' : 'info',
    message: `queue journal recovered: ${parts.join('; ')}`,
    topic: 'engine',
    data: { ...report },
  });
}

/** A lease-holder's report as the pull API answers it. */
function reportFrom(id: string, result: Task | StaleReason): Task {
  if (result === 'unknown_task') throw new GantryError('not_found', `no task ${id}`);
  if (typeof result === 'string') {
    throw new GantryError('conflict', `the lease of task ${id} is no longer valid (${result})`);
  }
  return result;
}

/**
 * Builds the engine: opens the queue, picks the runtime and wires the services together by
 * plain constructor injection. `start()` then adopts leftover workers and starts the loops.
 */
export async function createEngine(initial: Settings, deps: EngineDeps): Promise<Engine> {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child('engine');
  let settings = initial;
  const current = () => settings;
  const dataDir = resolve(initial.data);
  mkdirSync(dataDir, { recursive: true });

  // Bad policy knobs fail here, before any file or process is opened.
  createPolicy(policyConfigOf(initial));
  const store =
    deps.store ??
    (await JournalStore.open({
      dataDir,
      durability: initial.durability,
      log: deps.logger,
      now,
      repair: deps.repairQueue ?? false,
    }));
  let runtime = deps.runtime;
  let runtimeStatus = deps.runtimeStatus;
  if (!runtime) {
    const selection = await selectRuntime(initial, deps.logger, { dataDir });
    runtime = selection.runtime;
    runtimeStatus ??= selection.status;
  }
  const status: RuntimeStatus = runtimeStatus ?? {
    kind: runtime.kind,
    available: true,
    detail: `${runtime.kind} runtime`,
    fallback: false,
  };

  const bus = new EventBus(now, (error) => log.error('event listener failed', { error }));
  const eventLog = new EventLog({ path: join(dataDir, 'events.jsonl'), logger: log });
  const disposeLog = bus.subscribe((event) => eventLog.append(event));
  const late: { pool?: WorkerPool; autoscaler?: Autoscaler; dispatcher?: Dispatcher } = {};
  const metrics = new EngineMetrics({
    counts: () => store.counts(),
    workersByState: () =>
      late.pool?.byState() ?? { starting: 0, ready: 0, draining: 0, stopped: 0, failed: 0 },
    desiredWorkers: () => late.autoscaler?.desired() ?? 0,
  });
  const outcomes = new TaskOutcomes(metrics, bus, now);

  const pool = new WorkerPool({
    runtime,
    bus,
    logger: deps.logger,
    metrics,
    now,
    settings: current,
    workerEnv: () => ({ WORK_MS: String(settings.workerWorkMs) }),
    ...deps.tuning,
    onWorkerLost: (workerId) => late.dispatcher?.workerLost(workerId),
    onChange: () => {
      late.dispatcher?.wake();
      publisher.markDirty();
    },
  });
  const dispatcher = new Dispatcher({
    store,
    pool,
    outcomes,
    metrics,
    logger: deps.logger,
    now,
    settings: current,
    rng: Math.random,
  });
  late.dispatcher = dispatcher;
  const autoscaler = new Autoscaler({
    pool,
    store,
    outcomes,
    bus,
    metrics,
    logger: deps.logger,
    now,
    settings: current,
    createPolicy,
    statePath: join(dataDir, 'policy-state.json'),
  });
  late.pool = pool;
  late.autoscaler = autoscaler;

  const runner = new TrafficRunner(
    { dispatch: (spec, signal) => engine.dispatchAndWait(spec, signal) },
    deps.logger,
  );
  const traffic: TrafficControl = {
    start: (profile) => runner.start(profile),
    stop: () => runner.stop(),
    progress: () => runner.current(),
  };
  const disposeTraffic = runner.onChange(() => publisher.markDirty());
  const publisher = new SnapshotPublisher({
    now,
    onListenerError: (error) => log.error('snapshot listener failed', { error }),
    build: (at) =>
      buildSnapshotBody({
        at,
        settings: settings,
        store,
        outcomes,
        pool,
        autoscaler,
        paused: dispatcher.isPaused,
        runtime: status,
        traffic: traffic.progress(),
      }),
  });
  outcomes.onChange(() => publisher.markDirty());
  const disposeDirty = bus.subscribe(() => publisher.markDirty());

  const submit = async (specs: TaskSpec[]): Promise<Task[]> => {
    checkSubmit(specs, settings, store, outcomes.completeRate.rate(now()));
    const tasks = await enqueueWithDefaults(store, specs, settings, now());
    outcomes.submitted(tasks.length);
    dispatcher.wake(true);
    if (pool.current() === 0) autoscaler.kick();
    return tasks;
  };

  const ctx: EngineContext = {
    settings: current,
    replaceSettings: async (next) => {
      settings = next;
      runtime.setSettings?.(next);
      await deps.persistSettings?.(next);
    },
    runtimeStatus: () => status,
    store,
    runtime,
    pool,
    dispatcher,
    autoscaler,
    outcomes,
    bus,
    eventLog,
    metrics,
    logger: deps.logger,
    now,
    traffic,
    submit,
    simulate: runSimRequest,
  };
  const handlers = createHandlers(ctx);

  const checkLeaseOwner = (id: string, lease: string) => {
    if (!store.get(id)) throw new GantryError('not_found', `no task ${id}`);
    if (parseLease(lease)?.id !== id) {
      throw new GantryError('conflict', `lease does not belong to task ${id}`, { field: 'lease' });
    }
  };

  let started = false;
  let stopping: Promise<void> | undefined;
  const engine: Engine = {
    get settings() {
      return settings;
    },
    handlers,

    async start() {
      if (started) return;
      started = true;
      if (store instanceof JournalStore) reportRecovery(store, bus);
      await pool.adopt();
      pool.startSampling();
      dispatcher.start();
      await autoscaler.start();
      log.info('engine started', { dataDir, runtime: status.kind, detail: status.detail });
      bus.publish({
        type: 'notice',
        level: 'info',
        message: `engine started (${status.kind} runtime: ${status.detail})`,
        topic: 'engine',
        data: { runtime: status.kind, available: status.available, fallback: status.fallback },
      });
    },

    stop() {
      stopping ??= (async () => {
        const step = (label: string, ms: number, run: () => Promise<unknown>) =>
          withTimeout(run(), ms, label).catch((error: unknown) =>
            log.error(`stopping: ${label} failed`, { error }),
          );
        log.info('engine stopping');
        await step('traffic', 5000, () => traffic.stop());
        disposeTraffic();
        await step('autoscaler', 5000, () => autoscaler.stop());
        await step('dispatcher', STOP_DISPATCH_GRACE_MS + 6000, () =>
          dispatcher.stop(STOP_DISPATCH_GRACE_MS),
        );
        await step('workers', settings.stopGrace + 10_000, () => pool.stopAll(0));
        outcomes.flushSummary();
        outcomes.rejectWaiters(
          new GantryError('unavailable', 'the engine stopped; the task stays queued for next time'),
        );
        bus.publish({ type: 'notice', level: 'info', message: 'engine stopped', topic: 'engine' });
        publisher.stop();
        disposeDirty();
        await step('event log', 5000, () => eventLog.close());
        disposeLog();
        await step('queue', 10_000, () => store.close());
        await step('runtime', 5000, () => runtime.dispose());
        log.info('engine stopped');
      })();
      return stopping;
    },

    pull: {
      async dequeue(leaseMs) {
        // A paused queue hands out nothing, to pulling workers as to pushed ones.
        if (dispatcher.isPaused) return undefined;
        const leased = await store.lease(undefined, leaseMs ?? settings.taskTimeout, now());
        if (leased) outcomes.started(leased.task);
        return leased;
      },
      async complete(id, lease, result) {
        checkLeaseOwner(id, lease);
        const task = reportFrom(id, await store.complete(lease, result, now()));
        outcomes.changed(task, task.startedAt === undefined ? undefined : now() - task.startedAt);
        return task;
      },
      async fail(id, lease, error: TaskError, retryable) {
        checkLeaseOwner(id, lease);
        const outcome = { error, retryable, retryDelayMs: 0 };
        const task = reportFrom(id, await store.fail(lease, outcome, now()));
        outcomes.changed(task, task.startedAt === undefined ? undefined : now() - task.startedAt);
        dispatcher.wake(true);
        return task;
      },
    },

    async dispatchAndWait(spec, signal) {
      if (signal.aborted) throw new GantryError('timeout', 'the caller stopped waiting');
      const [task] = await submit([spec]);
      if (!task) throw new GantryError('internal', 'the queue accepted no task');
      if (isFinal(task)) return task;
      return new Promise<Task>((resolveTask, reject) => {
        const onAbort = () => {
          dispose();
          reject(new GantryError('timeout', `stopped waiting for task ${task.id}; it still runs`));
        };
        const dispose = outcomes.waitFor(
          task.id,
          (done) => {
            signal.removeEventListener('abort', onAbort);
            resolveTask(done);
          },
          (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
        signal.addEventListener('abort', onAbort, { once: true });
        // The task may have finished between the submit and the waiter.
        const latest = store.get(task.id);
        if (latest && isFinal(latest)) {
          dispose();
          signal.removeEventListener('abort', onAbort);
          resolveTask(latest);
        }
      });
    },

    snapshot: () => publisher.current(),
    onSnapshot: (listener) => publisher.subscribe(listener),
    onEvent: (listener) => bus.subscribe(listener),
    metricsText: () => metrics.text(),
  };
  return engine;
}
