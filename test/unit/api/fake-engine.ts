import type { Handlers, ParsedInput } from '../../../src/shared/api/contract';
import { GantryError } from '../../../src/shared/api/errors';
import type { GantryEvent } from '../../../src/shared/events';
import { Listeners } from '../../../src/shared/listeners';
import { applySettingsPatch, defaultSettings } from '../../../src/shared/settings';
import type { Settings } from '../../../src/shared/settings';
import type { AutoscalerStatus, Snapshot } from '../../../src/shared/snapshot';
import type { Task, TaskError, TaskSpec } from '../../../src/shared/tasks';
import { emptyCounts } from '../../../src/shared/tasks';
import type { Engine } from '../../../src/main/engine/types';
import type { Leased } from '../../../src/main/queue/store';

function unsupported(name: string): () => Promise<never> {
  return () => Promise.reject(new GantryError('unavailable', `${name} is not in the fake engine`));
}

/**
 * An in-memory engine for the HTTP server's tests: tasks in a map, pull leases, a queue
 * limit, and hooks to push snapshots and events. No workers: `dispatchAndWait` waits until
 * the test finishes the task with `finish`.
 */
export class FakeEngine implements Engine {
  settings: Settings = defaultSettings();
  readonly tasks = new Map<string, Task>();
  /** Specs as the handlers received them (validated). */
  readonly enqueued: TaskSpec[] = [];
  queueLimit = Number.POSITIVE_INFINITY;
  /** Signals of `dispatchAndWait` calls, to check that a client going away aborts. */
  readonly dispatchSignals: AbortSignal[] = [];
  private readonly waiters = new Map<string, (task: Task) => void>();
  private readonly leases = new Map<string, string>();
  private readonly snapshots = new Listeners<Snapshot>();
  private readonly events = new Listeners<GantryEvent>();
  private nextId = 1;
  private seq = 0;

  readonly handlers: Handlers = {
    'queue.enqueue': (specs) => this.enqueue(specs),
    'queue.pause': async () => undefined,
    'queue.resume': async () => undefined,
    'queue.purge': async () => ({ purged: 0 }),
    'tasks.list': async (query) => ({ tasks: [...this.tasks.values()].slice(0, query.limit) }),
    'tasks.get': async (id) => this.require(id),
    'tasks.retry': unsupported('tasks.retry'),
    'tasks.cancel': unsupported('tasks.cancel'),
    'workers.list': () => Promise.reject(new Error('disk on fire at /secret/path')),
    'workers.stop': unsupported('workers.stop'),
    'workers.restart': unsupported('workers.restart'),
    'workers.logs': async (input) => ({ text: `${input.id}:${input.lines}` }),
    'workers.stats': async () => ({}),
    'autoscaler.get': async () => this.autoscaler(),
    'autoscaler.configure': async () => this.autoscaler(),
    'autoscaler.pause': async () => this.autoscaler(),
    'autoscaler.resume': async () => this.autoscaler(),
    'autoscaler.scale': async () => this.autoscaler(),
    'traffic.start': unsupported('traffic.start'),
    'traffic.stop': async () => null,
    'events.list': async () => [],
    'events.export': unsupported('events.export'),
    'settings.get': async () => ({ ...this.settings, apiToken: '' }),
    'settings.set': async (patch: ParsedInput<'settings.set'>) => {
      this.settings = applySettingsPatch(this.settings, patch);
      return { settings: { ...this.settings, apiToken: '' }, restartRequired: [] };
    },
    'sim.run': unsupported('sim.run'),
  };

  readonly pull = {
    dequeue: async (leaseMs = 30_000): Promise<Leased | undefined> => {
      const task = [...this.tasks.values()].find((t) => t.state === 'queued');
      if (task === undefined) return undefined;
      task.state = 'running';
      task.attempt += 1;
      const lease = `${task.id}.${task.attempt}`;
      this.leases.set(task.id, lease);
      return { task: { ...task }, lease, expiresAt: Date.now() + leaseMs };
    },
    complete: async (id: string, lease: string, result: unknown): Promise<Task> => {
      const task = this.checkLease(id, lease);
      return this.finish(task.id, { state: 'succeeded', result });
    },
    fail: async (id: string, lease: string, error: TaskError, retryable: boolean) => {
      const task = this.checkLease(id, lease);
      this.leases.delete(id);
      if (retryable && task.attempt < task.maxAttempts) {
        task.state = 'queued';
        task.error = error;
        return { ...task };
      }
      return this.finish(task.id, { state: 'dead', error });
    },
  };

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async dispatchAndWait(spec: TaskSpec, signal: AbortSignal): Promise<Task> {
    this.dispatchSignals.push(signal);
    const { ids } = await this.enqueue([spec]);
    const id = ids[0]!;
    return new Promise((resolve, reject) => {
      this.waiters.set(id, resolve);
      const gone = new GantryError('timeout', 'the client went away');
      signal.addEventListener('abort', () => reject(gone));
    });
  }

  /** Moves a task to a final state and wakes its `dispatchAndWait`. */
  finish(id: string, change: Partial<Task>): Task {
    const task = this.require(id);
    Object.assign(task, change, { finishedAt: Date.now() });
    this.leases.delete(id);
    this.waiters.get(id)?.({ ...task });
    this.waiters.delete(id);
    return { ...task };
  }

  snapshot(): Snapshot {
    const counts = emptyCounts();
    for (const task of this.tasks.values()) counts[task.state] += 1;
    return {
      seq: ++this.seq,
      ts: Date.now(),
      queue: {
        counts,
        limit: this.settings.maxQueue,
        paused: false,
        submitRate: 0,
        completeRate: 0,
        wait: { p50: 0, p95: 0 },
        run: { p50: 0, p95: 0 },
      },
      workers: [],
      autoscaler: this.autoscaler(),
      runtime: { kind: 'process', available: true, detail: 'fake', fallback: false },
      traffic: null,
    };
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    return this.snapshots.add(listener);
  }

  onEvent(listener: (event: GantryEvent) => void): () => void {
    return this.events.add(listener);
  }

  /** Subscribers of both push channels (a stream that closed must leave none behind). */
  get listenerCount(): number {
    return this.snapshots.size + this.events.size;
  }

  pushSnapshot(): void {
    const snapshot = this.snapshot();
    this.snapshots.emit(snapshot);
  }

  pushEvent(seq: number, message: string): void {
    const event: GantryEvent = {
      type: 'notice',
      topic: 'engine',
      seq,
      ts: Date.now(),
      level: 'info',
      message,
    };
    this.events.emit(event);
  }

  async metricsText(): Promise<string> {
    const name = 'gantry_tasks_submitted_total';
    return `# TYPE ${name} counter\n${name} ${this.enqueued.length}\n`;
  }

  private async enqueue(specs: TaskSpec[]): Promise<{ ids: string[] }> {
    const waiting = Number.isFinite(this.queueLimit)
      ? [...this.tasks.values()].filter((t) => t.state === 'queued').length
      : 0;
    if (waiting + specs.length > this.queueLimit) {
      throw new GantryError('queue_full', `the queue holds its limit of ${this.queueLimit} tasks`, {
        retryAfterS: 3,
      });
    }
    const ids = specs.map((spec) => {
      this.enqueued.push(spec);
      const id = `t${this.nextId++}`;
      this.tasks.set(id, {
        id,
        payload: spec.payload,
        state: 'queued',
        attempt: 0,
        maxAttempts: spec.maxAttempts ?? 3,
        timeoutMs: spec.timeoutMs ?? 60_000,
        runAt: spec.runAt ?? Date.now(),
        createdAt: Date.now(),
      });
      return id;
    });
    return { ids };
  }

  private require(id: string): Task {
    const task = this.tasks.get(id);
    if (task === undefined) throw new GantryError('not_found', `no task ${id}`);
    return task;
  }

  private checkLease(id: string, lease: string): Task {
    const task = this.require(id);
    if (this.leases.get(id) !== lease) {
      throw new GantryError('conflict', `lease ${lease} is not current`);
    }
    return task;
  }

  private autoscaler(): AutoscalerStatus {
    return {
      policy: { name: 'threshold', params: {} },
      paused: false,
      minWorkers: this.settings.minWorkers,
      maxWorkers: this.settings.maxWorkers,
      current: 0,
      desired: 0,
      workers: { starting: 0, ready: 0, draining: 0 },
      reconcileIntervalMs: 1000,
      lastDecisions: [],
    };
  }
}
