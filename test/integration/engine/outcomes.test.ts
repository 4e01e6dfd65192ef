import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessEngine } from './process-engine';
import { never, startProcessEngine, until } from './process-engine';

describe('engine with worker processes: task outcomes', () => {
  let p: ProcessEngine | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('answers the worker result; failures retry or die as the contract says', async () => {
    p = await startProcessEngine();
    const { engine } = p;
    const ok = await engine.dispatchAndWait({ payload: { workMs: 10 } }, never);
    expect(ok.state).toBe('succeeded');
    expect(ok.result).toMatchObject({ ok: true });
    expect(ok.workerId).toMatch(/^w-/);

    const retried = await engine.dispatchAndWait(
      { payload: { workMs: 0, fail: 'retryable' }, maxAttempts: 3 },
      never,
    );
    expect(retried.state).toBe('dead');
    expect(retried.attempt).toBe(3);
    expect(retried.error).toMatchObject({ kind: 'http_5xx', status: 500 });

    const permanent = await engine.dispatchAndWait(
      { payload: { workMs: 0, fail: 'permanent' }, maxAttempts: 5 },
      never,
    );
    expect(permanent.state).toBe('dead');
    expect(permanent.attempt).toBe(1);
    expect(permanent.error).toMatchObject({ kind: 'http_4xx', status: 422 });
  });

  it('cancels a queued task before it runs and a running one mid-work', async () => {
    p = await startProcessEngine({ minWorkers: 1, maxWorkers: 1, workerConcurrency: 1 });
    const { engine } = p;
    await until(() => engine.snapshot().autoscaler.workers.ready === 1, 20_000, 'a worker');
    const { ids } = await engine.handlers['queue.enqueue']([
      { payload: { workMs: 30_000 } },
      { payload: { workMs: 0 } },
    ]);
    const [running = '', queued = ''] = ids;
    await until(() => engine.snapshot().queue.counts.running === 1, 10_000, 'the long task to run');
    expect((await engine.handlers['tasks.cancel'](queued)).state).toBe('canceled');
    const started = Date.now();
    expect((await engine.handlers['tasks.cancel'](running)).state).toBe('canceled');
    // The slot frees at once: a new task runs long before the canceled one would have ended.
    const next = await engine.dispatchAndWait({ payload: { workMs: 0 } }, never);
    expect(next.state).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await engine.handlers['tasks.get'](queued)).attempt).toBe(0);
  });

  it('a task running longer than any socket timeout is not cut short', async () => {
    p = await startProcessEngine();
    const spec = { payload: { workMs: 10_000 }, timeoutMs: 60_000 };
    const task = await p.engine.dispatchAndWait(spec, never);
    expect(task.state).toBe('succeeded');
    expect(task.attempt).toBe(1);
    expect((task.finishedAt ?? 0) - (task.startedAt ?? 0)).toBeGreaterThanOrEqual(10_000);
  });
});
