import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessEngine } from './process-engine';
import { startProcessEngine, until } from './process-engine';

describe('engine with worker processes: scaling', () => {
  let p: ProcessEngine | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('a burst grows the pool toward max, and it shrinks back when idle', async () => {
    p = await startProcessEngine({ minWorkers: 1, maxWorkers: 3, workerConcurrency: 2 });
    const { engine } = p;
    await until(() => engine.snapshot().autoscaler.workers.ready === 1, 20_000, 'the first worker');

    const specs = Array.from({ length: 120 }, () => ({ payload: { workMs: 100 } }));
    await engine.handlers['queue.enqueue'](specs);
    let peak = 0;
    await until(
      () => {
        peak = Math.max(peak, engine.snapshot().autoscaler.workers.ready);
        return engine.snapshot().queue.counts.succeeded === 120;
      },
      60_000,
      'the burst to finish',
    );
    expect(peak).toBe(3);

    await until(() => engine.snapshot().autoscaler.current === 1, 30_000, 'the pool to shrink');
    const scaling = await engine.handlers['events.list']({ types: ['scaling'], limit: 100 });
    const directions = scaling.map((e) => (e.type === 'scaling' ? e.direction : ''));
    expect(directions.filter((d) => d === 'up').length).toBeGreaterThanOrEqual(2);
    expect(directions.filter((d) => d === 'down').length).toBeGreaterThanOrEqual(2);
    // Drained workers stop once their last task is done, and stay listed a while to fade out.
    const stopped = () => engine.snapshot().workers.filter((w) => w.state === 'stopped').length;
    await until(() => stopped() === 2, 10_000, 'two workers stopped');
    // Every scale action was logged with the workers, their pids and ports.
    const actions = p.logs.records.filter(
      (r) => r.component === 'autoscaler' && r.msg.startsWith('scale'),
    );
    expect(actions.every((r) => Array.isArray(r.fields.workerIds) && r.fields.reason)).toBe(true);
    const metrics = await engine.metricsText();
    expect(metrics).toMatch(/gantry_scaling_events_total\{direction="up"\} [2-9]/);
  });
});
