import { randomBytes } from 'node:crypto';
import type { Settings } from '../../../shared/settings';
import type { WorkerInfo, WorkerState, WorkerStatsSample } from '../../../shared/workers';
import type { Logger } from '../../log/logger';
import type { Runtime, WorkerExit, WorkerHandle } from '../../runtime/runtime';
import type { EventBus } from '../event-bus';
import type { EngineMetrics } from '../metrics';
import { SampleWindow } from '../stats-window';
import { withTimeout } from '../with-timeout';
import { checkHealth, waitHealthy } from './health';
import { PoolMonitor } from './pool-monitor';
import { StatsHistory } from './stats-history';
import { publishRuntimeError, publishTransition, workerFields } from './worker-events';
import type { WorkerRecord } from './worker-record';
import { attachHandle, newWorkerRecord } from './worker-record';

export interface PoolOptions {
  runtime: Runtime;
  bus: EventBus;
  logger: Logger;
  metrics: EngineMetrics;
  now: () => number;
  settings: () => Settings;
  /** Environment every worker gets (e.g. the reference worker's default work time). */
  workerEnv: () => Record<string, string>;
  /** A worker died with tasks on it: the dispatcher aborts them as `worker_lost`. */
  onWorkerLost: (workerId: string, reason: string) => void;
  /** Any state change (the dispatcher, autoscaler and snapshot react). */
  onChange: () => void;
  /** How long a stopped or failed worker stays listed so the UI can fade it. */
  keepStoppedMs?: number;
  statsIntervalMs?: number;
  /** How often workers in rotation are asked `/healthz`; 3 misses in a row fail one. */
  livenessIntervalMs?: number;
}

/**
 * The workers: starts them (one runtime `start` at a time, so no two spawns race for a
 * port), admits them to rotation once `/healthz` answers, drains and stops them, notices
 * those that die, and samples their resource use.
 */
export class WorkerPool {
  private readonly records = new Map<string, WorkerRecord>();
  private readonly settleWaiters = new Map<string, ((ready: boolean) => void)[]>();
  private spawnChain: Promise<void> = Promise.resolve();
  private readonly history = new StatsHistory();
  private readonly startLatency = new SampleWindow(64);
  /** Starts that failed in a row (reset by a worker becoming healthy), and the last one's time. */
  private failedStarts = { count: 0, lastAt: 0 };
  /** Workers that failed after being ready (died or stopped answering), since start. */
  lostTotal = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly monitor: PoolMonitor;
  private closed = false;
  private readonly log: Logger;
  private readonly disposeExit: () => void;

  constructor(private readonly options: PoolOptions) {
    this.log = options.logger.child('pool');
    this.disposeExit = options.runtime.onExit((exit) => this.handleExit(exit));
    this.monitor = new PoolMonitor({
      runtime: options.runtime,
      history: this.history,
      records: () => this.records.values(),
      onUnresponsive: (record, reason) => this.unresponsive(record, reason),
      statsIntervalMs: options.statsIntervalMs ?? 2000,
      livenessIntervalMs: options.livenessIntervalMs ?? 5000,
    });
  }

  /** Begins sampling stats every ~2 s and checking that workers in rotation still answer. */
  startSampling(): void {
    this.monitor.start();
  }

  /** Starts `count` workers; answers their ids at once (they are `starting`). */
  start(count: number, reason: string): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(this.startOne(reason));
    return ids;
  }

  /** Drains then stops a worker; resolves once it is stopped. */
  async drain(id: string, reason: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) return;
    const state = record.info.state;
    if (state === 'stopped' || state === 'failed' || state === 'draining') return;
    this.transition(record, 'draining', reason);
    await this.tasksDone(record, this.options.settings().drainTimeout);
    await this.stopRecord(record, 'stopped', reason);
  }

  /** Resolves once the worker has no task in flight, or after `timeoutMs`. */
  private async tasksDone(record: WorkerRecord, timeoutMs: number): Promise<void> {
    if (record.info.inflight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, timeoutMs);
      this.timers.add(timer);
      record.onIdle = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve();
      };
    });
    record.onIdle = undefined;
  }

  /**
   * Epoch ms before which new starts should wait, after starts failed in a row: 1 s after
   * the first failure, doubling to at most 60 s, so an unreachable runtime is retried
   * without a failed worker (and its events) every tick. 0 when the last start went well.
   */
  startBackoffUntil(): number {
    const { count, lastAt } = this.failedStarts;
    if (count === 0) return 0;
    return lastAt + Math.min(60_000, 1000 * 2 ** (count - 1));
  }

  private startFailed(): void {
    this.failedStarts = { count: this.failedStarts.count + 1, lastAt: this.options.now() };
  }

  /** Resolves true once the worker is in rotation, false if it fails or stops first. */
  whenSettled(id: string): Promise<boolean> {
    const state = this.records.get(id)?.info.state;
    if (state !== 'starting') return Promise.resolve(state === 'ready');
    return new Promise((resolve) => {
      const list = this.settleWaiters.get(id) ?? [];
      list.push(resolve);
      this.settleWaiters.set(id, list);
    });
  }

  /** The dispatcher finished a task on this worker (lets a drain complete). */
  taskDone(record: WorkerRecord): void {
    if (record.info.inflight === 0) record.onIdle?.();
  }

  get(id: string): WorkerRecord | undefined {
    return this.records.get(id);
  }

  /** Workers in rotation. */
  ready(): WorkerRecord[] {
    const out: WorkerRecord[] = [];
    for (const record of this.records.values()) if (record.info.state === 'ready') out.push(record);
    return out;
  }

  /** Every listed worker (live and recently stopped), as the UI shows them. */
  list(): WorkerInfo[] {
    return [...this.records.values()].map((record) => ({ ...record.info }));
  }

  byState(): Record<WorkerState, number> {
    const counts = { starting: 0, ready: 0, draining: 0, stopped: 0, failed: 0 };
    for (const record of this.records.values()) counts[record.info.state] += 1;
    return counts;
  }

  /** Starting + ready: what the autoscaler counts. */
  current(): number {
    const { starting, ready } = this.byState();
    return starting + ready;
  }

  /** Mean time from start request to healthy over recent starts, when any was measured. */
  meanStartLatencyMs(): number | undefined {
    return this.startLatency.mean();
  }

  stats(): Record<string, WorkerStatsSample[]> {
    return this.history.all();
  }

  async logs(id: string, lines: number): Promise<string | undefined> {
    const record = this.records.get(id);
    if (!record?.handle) return record ? '' : undefined;
    return this.options.runtime.logs(record.handle, lines);
  }

  /**
   * Adopts healthy workers that survived a restart of the engine, then asks the runtime to
   * remove every other leftover it owns.
   */
  async adopt(): Promise<void> {
    const keep = new Set<string>();
    let handles: WorkerHandle[] = [];
    try {
      handles = await this.options.runtime.adoptable();
    } catch (error) {
      this.log.warn('listing adoptable workers failed', { error });
    }
    // TODO: an adopted worker is assumed to have today's `workerConcurrency`; the runtime's
    // handle does not say what it was started with, so a changed setting misjudges its slots
    // (a 429 then corrects the dispatcher, but the count stays wrong until it is replaced).
    const { workerConcurrency } = this.options.settings();
    for (const handle of handles) {
      if (!(await checkHealth(handle.address, 2000))) continue;
      keep.add(handle.workerId);
      const record = this.addRecord(handle.workerId, workerConcurrency, handle.startedAt);
      attachHandle(record, handle);
      record.info.readyAt = this.options.now();
      this.transition(record, 'ready', 'adopted after restart');
    }
    try {
      await this.options.runtime.cleanup(keep);
    } catch (error) {
      this.log.warn('cleaning up leftover workers failed', { error });
    }
  }

  /** Stops every live worker (shutdown): drains for at most `drainMs`, then stops. */
  async stopAll(drainMs: number): Promise<void> {
    this.closed = true;
    this.monitor.stop();
    await this.spawnChain;
    const live = [...this.records.values()].filter(
      (r) => r.info.state !== 'stopped' && r.info.state !== 'failed',
    );
    await Promise.all(
      live.map(async (record) => {
        if (record.info.state !== 'draining') {
          this.transition(record, 'draining', 'engine stopping');
        }
        await this.tasksDone(record, drainMs);
        await this.stopRecord(record, 'stopped', 'engine stopping');
      }),
    );
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.disposeExit();
  }

  private startOne(reason: string): string {
    const id = `w-${randomBytes(3).toString('hex')}`;
    const { workerConcurrency } = this.options.settings();
    const record = this.addRecord(id, workerConcurrency, this.options.now());
    this.publish(record, null, 'starting', reason);
    this.spawnChain = this.spawnChain.then(() => this.spawn(record));
    return id;
  }

  private async spawn(record: WorkerRecord): Promise<void> {
    if (this.closed || record.info.state !== 'starting') {
      if (record.info.state === 'starting') this.finish(record, 'failed', 'engine stopping');
      return;
    }
    const requestedAt = this.options.now();
    const { runtime, settings } = this.options;
    const { startTimeout } = settings();
    const starting = runtime.start({
      workerId: record.info.id,
      concurrency: record.info.concurrency,
      env: this.options.workerEnv(),
    });
    let handle: WorkerHandle;
    try {
      // Starts are serialized, so one that hangs (an engine that never answers) must not hold
      // up every later one: it is given up after the start timeout.
      handle = await withTimeout(starting, startTimeout, 'the runtime start');
    } catch (error) {
      // Should the runtime finish the start after all, the worker is not wanted any more.
      starting.then(
        (late) => void runtime.stop(late, settings().stopGrace).catch(() => undefined),
        () => undefined,
      );
      const message = error instanceof Error ? error.message : String(error);
      this.startFailed();
      this.finish(record, 'failed', `start failed: ${message}`);
      this.runtimeError('start_failed', `worker ${record.info.id} failed to start: ${message}`);
      return;
    }
    attachHandle(record, handle);
    // Health checks run outside the spawn chain: the next spawn need not wait for them.
    void this.admit(record, requestedAt, settings().startTimeout);
  }

  private async admit(record: WorkerRecord, requestedAt: number, timeoutMs: number): Promise<void> {
    const healthy = await waitHealthy({
      address: record.info.address,
      timeoutMs,
      now: this.options.now,
      cancelled: () => record.info.state !== 'starting',
    });
    if (record.info.state !== 'starting') return;
    if (!healthy) {
      const reason = `not healthy within ${Math.round(timeoutMs / 1000)} s`;
      this.startFailed();
      this.runtimeError('start_timeout', `worker ${record.info.id} ${reason}`);
      await this.stopRecord(record, 'failed', reason);
      return;
    }
    const now = this.options.now();
    record.info.readyAt = now;
    this.startLatency.add(now - requestedAt);
    this.failedStarts = { count: 0, lastAt: 0 };
    this.options.metrics.workerStarted(now - requestedAt);
    this.transition(record, 'ready', `healthy after ${now - requestedAt} ms`);
  }

  private async stopRecord(record: WorkerRecord, to: 'stopped' | 'failed', reason: string) {
    record.stopping = true;
    if (record.handle) {
      try {
        await this.options.runtime.stop(record.handle, this.options.settings().stopGrace);
      } catch (error) {
        this.log.warn('stopping worker failed', { workerId: record.info.id, error });
      }
    }
    if (record.info.state !== 'stopped' && record.info.state !== 'failed') {
      this.finish(record, to, reason);
    }
  }

  private handleExit(exit: WorkerExit): void {
    const record = this.records.get(exit.workerId);
    if (!record || record.stopping) return;
    if (record.info.state === 'stopped' || record.info.state === 'failed') return;
    this.log.warn('worker exited unexpectedly', { ...workerFields(record), reason: exit.reason });
    this.runtimeError('worker_exit', `worker ${exit.workerId} ${exit.reason}`);
    if (record.info.state === 'ready' || record.info.state === 'draining') this.lostTotal += 1;
    this.finish(record, 'failed', exit.reason);
    if (record.info.inflight > 0) this.options.onWorkerLost(record.info.id, exit.reason);
  }

  /** Terminal state: out of rotation, connections closed, listed a little longer. */
  private finish(record: WorkerRecord, to: 'stopped' | 'failed', reason: string): void {
    record.info.stoppedAt = this.options.now();
    this.transition(record, to, reason);
    record.agent.destroy();
    const keepMs = this.options.keepStoppedMs ?? 30_000;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.records.delete(record.info.id);
      this.history.forget(record.info.id);
      this.options.onChange();
    }, keepMs);
    this.timers.add(timer);
  }

  private addRecord(id: string, concurrency: number, startedAt: number): WorkerRecord {
    const record = newWorkerRecord(id, this.options.runtime.kind, concurrency, startedAt);
    this.records.set(id, record);
    return record;
  }

  private transition(record: WorkerRecord, to: WorkerState, reason: string): void {
    const from = record.info.state;
    record.info.state = to;
    if (to === 'stopped' || to === 'failed') record.info.reason = reason;
    this.publish(record, from, to, reason);
    const waiters = this.settleWaiters.get(record.info.id);
    if (waiters && to !== 'starting') {
      this.settleWaiters.delete(record.info.id);
      for (const waiter of waiters) waiter(to === 'ready');
    }
  }

  private publish(record: WorkerRecord, from: WorkerState | null, to: WorkerState, reason: string) {
    publishTransition(this.options.bus, this.log, record, from, to, reason);
    this.options.onChange();
  }

  private runtimeError(code: string, message: string): void {
    publishRuntimeError(this.options.bus, code, message);
  }

  /**
   * Three missed liveness checks in a row take a worker out: its tasks fail as
   * `worker_lost`, it is stopped and the autoscaler starts another.
   */
  private async unresponsive(record: WorkerRecord, reason: string): Promise<void> {
    const id = record.info.id;
    this.log.warn('worker unresponsive', { ...workerFields(record), reason });
    this.runtimeError('worker_unresponsive', `worker ${id} ${reason}`);
    const hadTasks = record.info.inflight > 0;
    this.lostTotal += 1;
    this.transition(record, 'draining', reason);
    if (hadTasks) this.options.onWorkerLost(id, reason);
    await this.stopRecord(record, 'failed', reason);
  }
}
