import type { Clock } from '../../../src/main/traffic/clock';
import type { TrafficTarget } from '../../../src/main/traffic/target';
import type { Task, TaskSpec } from '../../../src/shared/tasks';

/** Virtual time: `sleep` moves the clock forward and resolves at once. */
export class VirtualClock implements Clock {
  constructor(public t = 1_000_000) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
  }
}

/** What the fake target does with the n-th dispatch (0-based). */
export type Behaviour = (n: number, spec: TaskSpec) => Partial<Task> | Error;

/**
 * A target that answers at once with a finished task: created now, started `waitMs` later,
 * finished after the payload's workMs; or throws what `behaviour` returns.
 */
export class FakeTarget implements TrafficTarget {
  readonly specs: TaskSpec[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly behaviour: Behaviour = () => ({}),
  ) {}

  async dispatch(spec: TaskSpec): Promise<Task> {
    const n = this.specs.length;
    this.specs.push(spec);
    const outcome = this.behaviour(n, spec);
    if (outcome instanceof Error) throw outcome;
    const createdAt = this.clock.now();
    const workMs = (spec.payload as { workMs?: number }).workMs ?? 0;
    const startedAt = createdAt + 100;
    return {
      id: `t${n}`,
      payload: spec.payload,
      state: 'succeeded',
      attempt: 1,
      maxAttempts: 1,
      timeoutMs: 1000,
      runAt: createdAt,
      createdAt,
      startedAt,
      finishedAt: startedAt + workMs,
      ...outcome,
    };
  }
}

/** A target whose dispatches wait until aborted, counting how many wait at once. */
export class HangingTarget implements TrafficTarget {
  calls = 0;
  waiting = 0;
  maxWaiting = 0;

  dispatch(_spec: TaskSpec, signal: AbortSignal): Promise<Task> {
    this.calls++;
    this.waiting++;
    this.maxWaiting = Math.max(this.maxWaiting, this.waiting);
    return new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        this.waiting--;
        reject(new Error('aborted'));
      });
    });
  }
}
