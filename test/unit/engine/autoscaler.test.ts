import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/engine/create-engine';
import { silentLogger } from '../../../src/main/log/logger';
import { MemoryStore } from '../../../src/main/queue/memory-store';
import type { Harness } from './engine-harness';
import { startHarness, testSettings } from './engine-harness';
import { InProcessRuntime, until } from './fake-runtime';

describe('autoscaler loop', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('scales from zero at once when work arrives, without waiting for the next tick', async () => {
    h = await startHarness(undefined, { minWorkers: 0, maxWorkers: 2, reconcileInterval: 60_000 });
    const { engine } = h;
    expect(engine.snapshot().autoscaler.current).toBe(0);
    const started = Date.now();
    const task = await engine.dispatchAndWait({ payload: {} }, new AbortController().signal);
    expect(task.state).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(10_000);
    const [decision] = engine.snapshot().autoscaler.lastDecisions;
    expect(decision?.action).toBe('up');
  });

  it('keeps the policy state across restarts in <data>/policy-state.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-policy-'));
    try {
      const first = await startHarness(undefined, { minWorkers: 1 }, dir);
      await first.engine.stop();
      const saved = JSON.parse(readFileSync(join(dir, 'policy-state.json'), 'utf8')) as {
        policy: string;
        state: { lastActionAt: number | null };
      };
      expect(saved.policy).toBe('threshold');
      expect(saved.state.lastActionAt).toBeGreaterThan(0);

      const second = await startHarness(undefined, { minWorkers: 1 }, dir);
      const loaded = second.logs.records.some((r) => r.msg === 'policy state loaded');
      await second.engine.stop();
      expect(loaded).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records decisions with their reason; a scaling event when it acts', async () => {
    h = await startHarness(undefined, { minWorkers: 1, maxWorkers: 3 });
    const { engine } = h;
    await engine.handlers['queue.pause'](undefined);
    await engine.handlers['queue.enqueue'](Array.from({ length: 20 }, () => ({ payload: {} })));
    await until(() => engine.snapshot().autoscaler.current === 3, 5000, 'scale to max');
    const status = await engine.handlers['autoscaler.get'](undefined);
    const ups = status.lastDecisions.filter((d) => d.action === 'up');
    expect(ups.length).toBeGreaterThanOrEqual(2);
    expect(ups[0]?.reason).toMatch(/queued/);
    const events = await engine.handlers['events.list']({ types: ['scaling'], limit: 10 });
    expect(events.filter((e) => e.type === 'scaling' && e.cause === 'policy').length).toBe(3);
    await engine.handlers['queue.resume'](undefined);
  });
});

describe('snapshots of an idle engine', () => {
  it('are not pushed every reconcile tick when nothing changes', async () => {
    const h = await startHarness(undefined, { minWorkers: 1, reconcileInterval: 20 });
    try {
      // Let the first pushes after start settle, then count over many ticks.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      let pushes = 0;
      const dispose = h.engine.onSnapshot(() => (pushes += 1));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      dispose();
      // 50 ticks in that second; a few pushes may come from stats samples.
      expect(pushes).toBeLessThanOrEqual(2);
    } finally {
      await h.close();
    }
  });
});

describe('a runtime start that never answers', () => {
  it('is given up after startTimeout, so later starts are not held up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-hung-start-'));
    const runtime = new InProcessRuntime();
    runtime.holdNextStart = true;
    const engine = await createEngine(testSettings(dir, { startTimeout: 300 }), {
      logger: silentLogger(),
      store: new MemoryStore(),
      runtime,
    });
    await engine.start();
    try {
      await until(() => engine.snapshot().autoscaler.workers.ready === 1, 10_000, 'a worker');
      const failed = engine.snapshot().workers.filter((w) => w.state === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]?.reason).toContain('did not finish within 300 ms');
      // The late start completes after all: that worker is stopped at once.
      runtime.releaseHeldStart();
      await until(() => runtime.stopped.includes(failed[0]?.id ?? '?'), 5000, 'the late one');
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a runtime that cannot start workers', () => {
  it('is retried with a growing pause, not every tick; the pool recovers when it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-failing-starts-'));
    const runtime = new InProcessRuntime();
    runtime.failStarts = true;
    const engine = await createEngine(testSettings(dir, { reconcileInterval: 20 }), {
      logger: silentLogger(),
      store: new MemoryStore(),
      runtime,
    });
    await engine.start();
    try {
      // 1.5 s of 20 ms ticks: 75 ticks, but starts only after 0, 1 s (and maybe 3 s) pauses.
      await until(() => runtime.starts >= 2, 5000, 'a second attempt');
      const secondAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(runtime.starts).toBe(2);
      runtime.failStarts = false;
      await until(() => engine.snapshot().autoscaler.workers.ready === 1, 10_000, 'recovery');
      expect(Date.now() - secondAt).toBeGreaterThanOrEqual(1000);
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
