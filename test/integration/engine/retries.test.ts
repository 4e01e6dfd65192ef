import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessEngine } from './process-engine';
import { startProcessEngine, until } from './process-engine';

describe('engine with worker processes: flaky workers', () => {
  let p: ProcessEngine | undefined;
  beforeAll(() => {
    // This file runs in its own forked process (vitest's default isolation).
    // Worker processes inherit the environment: every attempt fails with probability 1/2.
    process.env.FAIL_RATE = '0.5';
  });
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('retries failed attempts with backoff until they succeed', async () => {
    p = await startProcessEngine({ maxAttempts: 30 });
    const { engine } = p;
    const { ids } = await engine.handlers['queue.enqueue'](
      Array.from({ length: 20 }, () => ({ payload: { workMs: 0 } })),
    );
    await until(() => engine.snapshot().queue.counts.succeeded === 20, 30_000, 'all 20 to succeed');
    const tasks = await Promise.all(ids.map((id) => engine.handlers['tasks.get'](id)));
    expect(tasks.some((t) => t.attempt > 1)).toBe(true);
    expect(tasks.every((t) => t.state === 'succeeded')).toBe(true);
    const metrics = await engine.metricsText();
    expect(metrics).toMatch(/gantry_tasks_finished_total\{outcome="retried"\} [1-9]/);
  });
});
