import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotBody } from '../../../src/main/engine/snapshot';
import { SnapshotPublisher } from '../../../src/main/engine/snapshot';
import type { Snapshot } from '../../../src/shared/snapshot';
import { emptyCounts } from '../../../src/shared/tasks';

function body(queued: number): SnapshotBody {
  const counts = { ...emptyCounts(), queued };
  return {
    queue: {
      counts,
      limit: 100,
      paused: false,
      submitRate: 0,
      completeRate: 0,
      wait: { p50: 0, p95: 0 },
      run: { p50: 0, p95: 0 },
    },
    workers: [],
    autoscaler: {
      policy: { name: 'threshold', params: {} },
      paused: false,
      minWorkers: 0,
      maxWorkers: 1,
      current: 0,
      desired: 0,
      workers: { starting: 0, ready: 0, draining: 0 },
      reconcileIntervalMs: 1000,
      lastDecisions: [],
    },
    runtime: { kind: 'process', available: true, detail: 'test', fallback: false },
    traffic: null,
  };
}

function setup() {
  let queued = 0;
  const pushed: Snapshot[] = [];
  const publisher = new SnapshotPublisher({
    now: () => Date.now(),
    build: () => body(queued),
    intervalMs: 250,
  });
  publisher.subscribe((snapshot) => pushed.push(snapshot));
  return { publisher, pushed, set: (n: number) => (queued = n) };
}

describe('SnapshotPublisher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces a burst of changes into one push per interval', () => {
    const { publisher, pushed, set } = setup();
    for (let i = 1; i <= 100; i++) {
      set(i);
      publisher.markDirty();
    }
    vi.advanceTimersByTime(0);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.queue.counts.queued).toBe(100);

    for (let i = 101; i <= 200; i++) {
      set(i);
      publisher.markDirty();
      vi.advanceTimersByTime(1);
    }
    // 100 changes over 100 ms after a push: held until 250 ms after it.
    expect(pushed).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(pushed).toHaveLength(2);
    expect(pushed[1]?.queue.counts.queued).toBe(200);
  });

  it('never pushes more than four a second under constant change', () => {
    const { publisher, pushed, set } = setup();
    for (let ms = 0; ms < 2000; ms += 10) {
      set(ms);
      publisher.markDirty();
      vi.advanceTimersByTime(10);
    }
    expect(pushed.length).toBeLessThanOrEqual(9);
    expect(pushed.length).toBeGreaterThanOrEqual(7);
  });

  it('does not push when nothing changed, and numbers pushes by seq', () => {
    const { publisher, pushed, set } = setup();
    set(1);
    publisher.markDirty();
    vi.advanceTimersByTime(1000);
    publisher.markDirty();
    vi.advanceTimersByTime(1000);
    expect(pushed).toHaveLength(1);
    set(2);
    publisher.markDirty();
    vi.advanceTimersByTime(1000);
    expect(pushed.map((s) => s.seq)).toEqual([1, 2]);
    expect(publisher.current().seq).toBe(2);
  });

  it('stops pushing after stop()', () => {
    const { publisher, pushed, set } = setup();
    publisher.stop();
    set(5);
    publisher.markDirty();
    vi.advanceTimersByTime(1000);
    expect(pushed).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
