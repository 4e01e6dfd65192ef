import type { Decision, Policy, PolicyConfig } from '../../../shared/scaling/types';
import type { Settings } from '../../../shared/settings';
import type { AutoscalerStatus } from '../../../shared/snapshot';
import type { Logger } from '../../log/logger';
import type { QueueStore } from '../../queue/store';
import type { EventBus } from '../event-bus';
import type { EngineMetrics } from '../metrics';
import type { WorkerPool } from '../pool/worker-pool';
import type { WorkerRecord } from '../pool/worker-record';
import type { TaskOutcomes } from '../task-outcomes';
import type { ObserveMarks } from './observe';
import { observe } from './observe';
import { loadPolicyState, savePolicyState } from './policy-state';

export interface AutoscalerOptions {
  pool: WorkerPool;
  store: QueueStore;
  outcomes: TaskOutcomes;
  bus: EventBus;
  metrics: EngineMetrics;
  logger: Logger;
  now: () => number;
  settings: () => Settings;
  createPolicy: (config: PolicyConfig) => Policy;
  /** `<data>/policy-state.json`. */
  statePath: string;
  saveIntervalMs?: number;
}

const KEEP_DECISIONS = 50;

/** The policy config the settings describe. */
export function policyConfigOf(settings: Settings): PolicyConfig {
  return {
    name: settings.policy as PolicyConfig['name'],
    params: { cooldownMs: settings.cooldown, ...settings.policyParams },
  };
}

/**
 * The reconcile loop: observe → policy → act, every `reconcileInterval`, and at once when
 * work arrives at an empty pool (scale from zero does not wait for the next tick). Acting
 * starts the missing workers or drains the idlest. Paused, it holds the count, or keeps an
 * operator's manual count (replacing workers that fail).
 */
export class Autoscaler {
  private policy: Policy;
  private policyState: unknown;
  private marks: ObserveMarks | undefined;
  private decisions: Decision[] = [];
  private latest: Decision | undefined;
  private paused = false;
  private manualTarget: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lostSeen = 0;
  private again = false;
  private stopped = false;
  private readonly log: Logger;

  constructor(private readonly options: AutoscalerOptions) {
    this.log = options.logger.child('autoscaler');
    this.policy = options.createPolicy(policyConfigOf(options.settings()));
    this.policyState = this.policy.initialState();
  }

  /** Loads the saved policy state and starts the loop. */
  async start(): Promise<void> {
    const saved = await loadPolicyState(this.options.statePath, this.policy.name);
    if (saved !== undefined) {
      this.policyState = saved;
      this.log.info('policy state loaded', { policy: this.policy.name });
    }
    this.saveTimer = setInterval(() => void this.save(), this.options.saveIntervalMs ?? 60_000);
    this.schedule(0);
  }

  /** Stops the loop and saves the policy state. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.saveTimer) clearInterval(this.saveTimer);
    await this.save();
  }

  /** Runs a tick now (work arrived while the pool is empty). */
  kick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Validates and applies the policy the settings now describe. A new policy name starts
   * from its initial state; new knobs for the same policy keep what it learned.
   */
  reconfigure(settings: Settings): void {
    const next = this.options.createPolicy(policyConfigOf(settings));
    if (next.name !== this.policy.name) this.policyState = next.initialState();
    this.policy = next;
    this.kick();
  }

  /** Throws the policy's `GantryError('invalid_input')` when the settings' knobs are bad. */
  validate(settings: Settings): void {
    this.options.createPolicy(policyConfigOf(settings));
  }

  pause(): void {
    this.paused = true;
    this.notice('autoscaler paused');
  }

  resume(): void {
    this.paused = false;
    this.manualTarget = undefined;
    this.notice('autoscaler resumed');
    this.kick();
  }

  /** Manual scale: pauses the policy and sets the pool to `workers`. */
  scale(workers: number): void {
    this.paused = true;
    this.manualTarget = workers;
    this.notice(`manual scale to ${workers} workers`);
    this.kick();
  }

  /** The latest desired count (the current count before the first decision). */
  desired(): number {
    if (this.manualTarget !== undefined) return this.manualTarget;
    return this.latest?.desired ?? this.options.pool.current();
  }

  status(): AutoscalerStatus {
    const settings = this.options.settings();
    const byState = this.options.pool.byState();
    const lastDecisions =
      this.latest && this.latest.action === 'none'
        ? [this.latest, ...this.decisions]
        : this.decisions;
    return {
      policy: { name: this.policy.name, params: { ...this.policy.params } },
      paused: this.paused,
      minWorkers: settings.minWorkers,
      maxWorkers: settings.maxWorkers,
      current: byState.starting + byState.ready,
      desired: this.desired(),
      workers: { starting: byState.starting, ready: byState.ready, draining: byState.draining },
      reconcileIntervalMs: settings.reconcileInterval,
      lastDecisions: lastDecisions.slice(0, KEEP_DECISIONS),
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    try {
      this.reconcile();
    } catch (error) {
      // A failing tick reports and the loop carries on at the next interval.
      this.log.error('reconcile failed', { error });
      const message = error instanceof Error ? error.message : String(error);
      this.options.bus.publish({
        type: 'runtime-error',
        level: 'error',
        message: `autoscaler tick failed: ${message}`,
        code: 'reconcile_failed',
      });
    } finally {
      this.ticking = false;
    }
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : this.options.settings().reconcileInterval);
  }

  private reconcile(): void {
    const { pool, store, outcomes, settings } = this.options;
    const now = this.options.now();
    const limits = { minWorkers: settings().minWorkers, maxWorkers: settings().maxWorkers };
    const sources = { store, pool, outcomes, slotsPerWorker: settings().workerConcurrency };
    const { obs, marks } = observe(sources, this.marks, now);
    this.marks = marks;
    if (this.paused) {
      if (this.manualTarget !== undefined) this.holdManual(now);
      return;
    }
    const { decision, state } = this.policy.decide(obs, limits, this.policyState);
    this.policyState = state;
    // An idle engine holding for the same reason keeps the earlier decision, so the snapshot
    // does not change (and is not pushed) every tick.
    const same =
      decision.action === 'none' &&
      this.latest?.action === 'none' &&
      this.latest.reason === decision.reason &&
      this.latest.desired === decision.desired;
    if (!same) this.latest = decision;
    if (decision.action !== 'none') this.record(decision);
    // Workers lost since the last tick: starting others is a replacement, not growth.
    const lost = this.options.pool.lostTotal - this.lostSeen;
    this.lostSeen = this.options.pool.lostTotal;
    this.act(decision, lost > 0 && decision.action === 'up' ? 'replace' : 'policy');
  }

  /** Keeps the operator's count: starts or drains toward it (replacing failed workers). */
  private holdManual(now: number): void {
    const target = this.manualTarget ?? 0;
    const current = this.options.pool.current();
    if (current === target) return;
    const decision: Decision = {
      at: now,
      policy: this.policy.name,
      current,
      raw: target,
      desired: target,
      clamps: [],
      action: target > current ? 'up' : 'down',
      reason: `manual scale to ${target} workers`,
      inputs: {},
    };
    this.latest = decision;
    this.record(decision);
    this.act(decision, 'manual');
  }

  private record(decision: Decision): void {
    this.decisions.unshift(decision);
    if (this.decisions.length > KEEP_DECISIONS) this.decisions.length = KEEP_DECISIONS;
  }

  private act(decision: Decision, cause: 'policy' | 'manual' | 'replace'): void {
    const { pool, bus, metrics } = this.options;
    const current = pool.current();
    const delta = decision.desired - current;
    if (delta === 0) return;
    const backoffUntil = pool.startBackoffUntil();
    if (delta > 0 && this.options.now() < backoffUntil) {
      const waitS = Math.ceil((backoffUntil - this.options.now()) / 1000);
      this.log.debug('scale up held: recent starts failed', { waitS, desired: decision.desired });
      return;
    }
    let workerIds: string[];
    if (delta > 0) {
      workerIds = pool.start(delta, decision.reason);
    } else {
      workerIds = this.idlest(-delta).map((record) => record.info.id);
      for (const id of workerIds) void pool.drain(id, decision.reason);
    }
    if (workerIds.length === 0) return;
    const direction = delta > 0 ? 'up' : 'down';
    metrics.scaling(direction);
    this.log.info(`scale ${direction} ${current} → ${decision.desired}`, {
      workerIds,
      reason: decision.reason,
      cause,
      ...this.workerFields(workerIds),
    });
    bus.publish({
      type: 'scaling',
      level: 'info',
      message: decision.reason.startsWith('scale ')
        ? decision.reason
        : `scale ${direction} ${current} → ${decision.desired}: ${decision.reason}`,
      direction,
      cause,
      decision,
      workerIds,
    });
  }

  /** Workers to drain: those still starting first (no work lost), then the least busy. */
  private idlest(count: number): WorkerRecord[] {
    const { pool } = this.options;
    const live = pool
      .list()
      .filter((info) => info.state === 'starting' || info.state === 'ready')
      .toSorted(
        (a, b) =>
          rank(a.state) - rank(b.state) || a.inflight - b.inflight || b.startedAt - a.startedAt,
      );
    return live
      .slice(0, count)
      .map((info) => pool.get(info.id))
      .filter((record): record is WorkerRecord => record !== undefined);
  }

  private workerFields(ids: string[]): Record<string, unknown> {
    const refs: string[] = [];
    const addresses: string[] = [];
    for (const id of ids) {
      const info = this.options.pool.get(id)?.info;
      if (info?.ref) refs.push(info.ref);
      if (info?.address) addresses.push(info.address);
    }
    // A scale-up names workers whose container or process does not exist yet; their ids
    // and ports are logged when each becomes ready.
    return { ...(refs.length > 0 && { refs }), ...(addresses.length > 0 && { addresses }) };
  }

  private notice(message: string): void {
    this.log.info(message);
    this.options.bus.publish({
      type: 'notice',
      level: 'info',
      message,
      topic: 'autoscaler',
      data: { paused: this.paused, manualTarget: this.manualTarget ?? null },
    });
  }

  private async save(): Promise<void> {
    try {
      const now = this.options.now();
      await savePolicyState(this.options.statePath, this.policy.name, this.policyState, now);
    } catch (error) {
      this.log.warn('saving policy state failed', { path: this.options.statePath, error });
    }
  }
}

function rank(state: string): number {
  return state === 'starting' ? 0 : 1;
}
