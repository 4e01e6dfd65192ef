import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessEngine } from './process-engine';
import { never, startProcessEngine, until } from './process-engine';

describe('engine with worker processes: a worker killed mid-task', () => {
  let p: ProcessEngine | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('SIGKILL of the worker: its task finishes on another worker and the pool heals', async () => {
    p = await startProcessEngine({ minWorkers: 2, maxWorkers: 2, workerConcurrency: 1 });
    const { engine } = p;
    await until(() => engine.snapshot().autoscaler.workers.ready === 2, 20_000, 'two workers');
    const done = engine.dispatchAndWait({ payload: { workMs: 3000 }, maxAttempts: 3 }, never);
    await until(() => engine.snapshot().workers.some((w) => w.inflight === 1), 10_000, 'the push');
    const victim = engine.snapshot().workers.find((w) => w.inflight === 1);
    expect(victim?.runtime).toBe('process');
    process.kill(Number(victim?.ref), 'SIGKILL');

    const task = await done;
    expect(task.state).toBe('succeeded');
    expect(task.attempt).toBe(2);
    expect(task.workerId).not.toBe(victim?.id);
    const lost = engine.snapshot().workers.find((w) => w.id === victim?.id);
    expect(lost?.state).toBe('failed');
    // The autoscaler replaces the lost worker.
    await until(() => engine.snapshot().autoscaler.workers.ready === 2, 20_000, 'a replacement');
    const errors = await engine.handlers['events.list']({ types: ['runtime-error'], limit: 10 });
    expect(errors.some((e) => e.message.includes(victim?.id ?? '?'))).toBe(true);
  });
});
