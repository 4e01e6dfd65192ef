import type { Rng } from '../../shared/random';
import type { StartLatency } from './types';

/** Worker states of the simulated pool (the engine's, minus `failed`). */
export type SimWorkerState = 'starting' | 'ready' | 'draining' | 'stopped';

export interface SimWorker {
  id: number;
  state: SimWorkerState;
  /** When its start was requested: cost counts from here. */
  startAt: number;
  inflight: number;
  /** When it last became idle (no task running); meaningful while inflight is 0. */
  idleFrom: number;
}

/**
 * The simulated worker pool: start requests, readiness, draining and the cost accounting
 * (worker-seconds from start request to stop, and the idle part of them).
 */
export class SimPool {
  readonly workers: SimWorker[] = [];
  /** Indices of workers not stopped, in start order. */
  active: number[] = [];
  costMs = 0;
  idleMs = 0;
  starts = 0;
  /** Tasks running on all workers. */
  inflight = 0;
  counts = { starting: 0, ready: 0, draining: 0 };

  constructor(
    private readonly rng: Rng,
    private readonly latency: StartLatency,
  ) {}

  /** Requests a start at `now`; returns the worker and when it will be ready. */
  start(now: number): { worker: SimWorker; readyAt: number } {
    const worker: SimWorker = {
      id: this.workers.length,
      state: 'starting',
      startAt: now,
      inflight: 0,
      idleFrom: now,
    };
    this.workers.push(worker);
    this.active.push(worker.id);
    this.counts.starting++;
    this.starts++;
    const { minMs, maxMs } = this.latency;
    return { worker, readyAt: now + minMs + (maxMs - minMs) * this.rng() };
  }

  /** A worker already running at the start of the run (minWorkers): ready, no start paid. */
  warm(now: number): SimWorker {
    const worker: SimWorker = {
      id: this.workers.length,
      state: 'ready',
      startAt: now,
      inflight: 0,
      idleFrom: now,
    };
    this.workers.push(worker);
    this.active.push(worker.id);
    this.counts.ready++;
    return worker;
  }

  /** Marks a starting worker ready; false when it was cancelled meanwhile. */
  ready(id: number): boolean {
    const w = this.workers[id] as SimWorker;
    if (w.state !== 'starting') return false;
    w.state = 'ready';
    this.counts.starting--;
    this.counts.ready++;
    return true;
  }

  /** The ready worker with the fewest running tasks and a free slot (least connections). */
  pick(slots: number): SimWorker | undefined {
    let best: SimWorker | undefined;
    for (const id of this.active) {
      const w = this.workers[id] as SimWorker;
      if (
        w.state === 'ready' &&
        w.inflight < slots &&
        (best === undefined || w.inflight < best.inflight)
      ) {
        best = w;
      }
    }
    return best;
  }

  assign(w: SimWorker, now: number): void {
    if (w.inflight === 0) this.idleMs += now - w.idleFrom;
    w.inflight++;
    this.inflight++;
  }

  /** A task finished on `w`; a draining worker with nothing left stops. */
  finish(w: SimWorker, now: number): void {
    w.inflight--;
    this.inflight--;
    if (w.inflight === 0) {
      w.idleFrom = now;
      if (w.state === 'draining') this.stop(w, now);
    }
  }

  /**
   * Removes `count` workers from the pool: starting ones first (newest first: the furthest
   * from serving), then the ready ones running the fewest tasks, which drain and stop.
   */
  remove(count: number, now: number): void {
    let left = count;
    for (let k = this.active.length - 1; k >= 0 && left > 0; k--) {
      const w = this.workers[this.active[k] as number] as SimWorker;
      if (w.state === 'starting') {
        this.stop(w, now);
        left--;
      }
    }
    while (left > 0) {
      let idlest: SimWorker | undefined;
      for (const id of this.active) {
        const w = this.workers[id] as SimWorker;
        if (w.state === 'ready' && (idlest === undefined || w.inflight < idlest.inflight))
          idlest = w;
      }
      if (idlest === undefined) return;
      this.counts.ready--;
      if (idlest.inflight === 0) {
        idlest.state = 'draining';
        this.counts.draining++;
        this.stop(idlest, now);
      } else {
        idlest.state = 'draining';
        this.counts.draining++;
      }
      left--;
    }
  }

  /** Stops every worker still up at the end of the run, closing its cost. */
  close(now: number): void {
    for (const id of this.active) this.stop(this.workers[id] as SimWorker, now);
  }

  private stop(w: SimWorker, now: number): void {
    this.costMs += now - w.startAt;
    if (w.inflight === 0) this.idleMs += now - w.idleFrom;
    if (w.state !== 'stopped') this.counts[w.state]--;
    w.state = 'stopped';
    this.active = this.active.filter((id) => id !== w.id);
  }
}
