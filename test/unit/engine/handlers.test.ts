import { afterEach, describe, expect, it } from 'vitest';
import { GantryError } from '../../../src/shared/api/errors';
import type { Harness } from './engine-harness';
import { startHarness } from './engine-harness';
import { until } from './fake-runtime';

async function codeOf(promise: Promise<unknown>): Promise<GantryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GantryError) return error;
    throw error;
  }
  throw new Error('expected a GantryError');
}

describe('engine handlers', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('queue.enqueue refuses a payload over maxPayload, naming the index', async () => {
    h = await startHarness(undefined, { maxPayload: 100 });
    const error = await codeOf(
      h.engine.handlers['queue.enqueue']([{ payload: 'ok' }, { payload: 'x'.repeat(200) }]),
    );
    expect(error.code).toBe('payload_too_large');
    expect(error.extra.field).toBe('[1].payload');
    expect(error.message).toContain('task 1');
    expect(h.engine.snapshot().queue.counts.queued).toBe(0);
  });

  it('queue.enqueue refuses over maxQueue with a retry hint; applies defaults', async () => {
    h = await startHarness(undefined, { maxQueue: 3, maxAttempts: 7, taskTimeout: 1234 });
    await h.engine.handlers['queue.pause'](undefined);
    const { ids } = await h.engine.handlers['queue.enqueue']([{ payload: 1 }, { payload: 2 }]);
    const task = await h.engine.handlers['tasks.get'](ids[0] ?? '');
    expect(task).toMatchObject({ maxAttempts: 7, timeoutMs: 1234, state: 'queued' });
    const over = h.engine.handlers['queue.enqueue']([{ payload: 3 }, { payload: 4 }]);
    const error = await codeOf(over);
    expect(error.code).toBe('queue_full');
    expect(error.extra.retryAfterS).toBeGreaterThanOrEqual(1);
  });

  it('tasks.get and cancel: not_found for unknown ids; retry needs a final task', async () => {
    h = await startHarness();
    expect((await codeOf(h.engine.handlers['tasks.get']('nope'))).code).toBe('not_found');
    expect((await codeOf(h.engine.handlers['tasks.cancel']('nope'))).code).toBe('not_found');
    const task = await h.engine.dispatchAndWait({ payload: {} }, new AbortController().signal);
    expect((await codeOf(h.engine.handlers['tasks.retry'](task.id))).code).toBe('conflict');
    expect((await codeOf(h.engine.handlers['tasks.cancel'](task.id))).code).toBe('conflict');
  });

  it('queue.purge cancels waiting tasks; tasks.retry brings one back and it runs', async () => {
    h = await startHarness();
    const { engine } = h;
    await engine.handlers['queue.pause'](undefined);
    const { ids } = await engine.handlers['queue.enqueue']([{ payload: 1 }, { payload: 2 }]);
    expect(await engine.handlers['queue.purge'](undefined)).toEqual({ purged: 2 });
    await engine.handlers['queue.resume'](undefined);
    const retried = await engine.handlers['tasks.retry'](ids[0] ?? '');
    expect(retried.state).toBe('queued');
    await until(() => engine.snapshot().queue.counts.succeeded === 1, 5000, 'the retried task');
  });

  it('settings.get hides the token; settings.set applies live and names restart keys', async () => {
    h = await startHarness(undefined, { apiToken: 'secret' });
    const { engine } = h;
    const shown = await engine.handlers['settings.get'](undefined);
    expect(shown.apiToken).toBe('(set)');
    expect(JSON.stringify(shown)).not.toContain('secret');
    const answer = await engine.handlers['settings.set']({
      maxQueue: 5,
      port: 9999,
      selection: 'p2c',
      logLevel: 'warn',
    });
    expect(answer.restartRequired).toEqual(['port']);
    expect(engine.settings.maxQueue).toBe(5);
    expect(h.persisted.at(-1)?.port).toBe(9999);
    const error = await codeOf(engine.handlers['settings.set']({ minWorkers: 5, maxWorkers: 2 }));
    expect(error).toMatchObject({ code: 'invalid_input', extra: { field: 'minWorkers' } });
  });

  it('autoscaler.configure validates through the policy and applies live', async () => {
    h = await startHarness();
    const { engine } = h;
    const bad = await codeOf(
      engine.handlers['autoscaler.configure']({ policy: 'threshold', params: { nonsense: 1 } }),
    );
    expect(bad.code).toBe('invalid_input');
    const status = await engine.handlers['autoscaler.configure']({ maxWorkers: 3, minWorkers: 2 });
    expect(status).toMatchObject({ minWorkers: 2, maxWorkers: 3 });
    await until(() => engine.snapshot().autoscaler.workers.ready === 2, 5000, 'min 2 applied');
  });

  it('autoscaler.scale pauses the policy and holds the count; resume hands back', async () => {
    h = await startHarness(undefined, { maxWorkers: 4 });
    const { engine } = h;
    const status = await engine.handlers['autoscaler.scale']({ workers: 3 });
    expect(status.paused).toBe(true);
    await until(() => engine.snapshot().autoscaler.workers.ready === 3, 5000, 'three workers');
    const scaling = await engine.handlers['events.list']({ types: ['scaling'], limit: 10 });
    expect(scaling.some((e) => e.type === 'scaling' && e.cause === 'manual')).toBe(true);
    await engine.handlers['autoscaler.resume'](undefined);
    // Idle with min 1: the policy drains back down.
    await until(() => engine.snapshot().autoscaler.current === 1, 10_000, 'back to one');
  });

  it('workers.stop drains a worker, the autoscaler replaces it; logs answer', async () => {
    h = await startHarness();
    const { engine } = h;
    const [first] = await engine.handlers['workers.list'](undefined);
    const id = first?.id ?? '';
    expect((await engine.handlers['workers.logs']({ id, lines: 5 })).text).toContain(id);
    await engine.handlers['workers.stop'](id);
    await until(
      () => engine.snapshot().workers.some((w) => w.id !== id && w.state === 'ready'),
      5000,
      'a replacement',
    );
    const stopped = engine.snapshot().workers.find((w) => w.id === id);
    expect(stopped?.state).toBe('stopped');
    expect((await codeOf(engine.handlers['workers.stop']('w-none'))).code).toBe('not_found');
    const events = await engine.handlers['events.list']({ types: ['worker'], limit: 100 });
    const states = events.map((e) => (e.type === 'worker' && e.workerId === id ? e.to : ''));
    expect(states.filter(Boolean)).toEqual(['starting', 'ready', 'draining', 'stopped']);
  });

  it('events.export answers the file content', async () => {
    h = await startHarness();
    const out = await h.engine.handlers['events.export']({ format: 'csv' });
    expect(out.contentType).toBe('text/csv');
    expect(out.count).toBeGreaterThan(0);
    expect(out.content?.split('\r\n')[0]).toBe('ts,seq,type,level,message,details');
  });

  it('dispatchAndWait rejects when the caller aborts, and the task keeps going', async () => {
    let release: (() => void) | undefined;
    h = await startHarness((_body, res) => {
      release = () => {
        res.writeHead(200);
        res.end('{}');
      };
    });
    const controller = new AbortController();
    const waiting = h.engine.dispatchAndWait({ payload: {} }, controller.signal);
    await until(() => h?.runtime.received.length === 1, 5000, 'the push');
    controller.abort();
    expect((await codeOf(waiting)).code).toBe('timeout');
    release?.();
    await until(() => h?.engine.snapshot().queue.counts.succeeded === 1, 5000, 'completion');
  });

  it('pull mode: dequeue, complete with the lease, a stale lease is a conflict', async () => {
    h = await startHarness(undefined, { minWorkers: 0 });
    const { engine } = h;
    // No pushed workers: the autoscaler holds the pool at zero.
    await engine.handlers['autoscaler.scale']({ workers: 0 });
    const { ids } = await engine.handlers['queue.enqueue']([{ payload: 'pull me' }]);
    await engine.handlers['queue.pause'](undefined);
    expect(await engine.pull.dequeue(10_000)).toBeUndefined();
    await engine.handlers['queue.resume'](undefined);
    const leased = await engine.pull.dequeue(10_000);
    expect(leased?.task.id).toBe(ids[0]);
    const done = await engine.pull.complete(ids[0] ?? '', leased?.lease ?? '', { fine: true });
    expect(done.state).toBe('succeeded');
    const again = await codeOf(engine.pull.complete(ids[0] ?? '', leased?.lease ?? '', {}));
    expect(again.code).toBe('conflict');
    const unknown = engine.pull.fail('nope', 'x.1.y', { kind: 'client', message: '' }, true);
    expect((await codeOf(unknown)).code).toBe('not_found');
  });

  it('metrics carry exactly the contract names', async () => {
    h = await startHarness();
    await h.engine.dispatchAndWait({ payload: {} }, new AbortController().signal);
    const text = await h.engine.metricsText();
    const names = new Set(
      text.split('\n').filter((l) => l.startsWith('# TYPE')).map((l) => l.split(' ')[2]),
    );
    expect([...names].toSorted()).toEqual([
      'gantry_autoscaler_desired_workers',
      'gantry_dispatch_errors_total',
      'gantry_queue_tasks',
      'gantry_scaling_events_total',
      'gantry_task_run_seconds',
      'gantry_task_wait_seconds',
      'gantry_tasks_finished_total',
      'gantry_tasks_submitted_total',
      'gantry_worker_start_seconds',
      'gantry_workers',
    ]);
    expect(text).toContain('gantry_tasks_finished_total{outcome="succeeded"} 1');
  });
});

describe('traffic and sim channels', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('traffic.start drives tasks through the engine; traffic.stop answers a summary', async () => {
    h = await startHarness();
    const { engine } = h;
    const profile = { shape: 'constant' as const, rate: 50, durationS: 30 };
    const progress = await engine.handlers['traffic.start'](profile);
    expect(progress.running).toBe(true);
    await until(() => engine.snapshot().queue.counts.succeeded >= 10, 10_000, 'traffic tasks done');
    expect(engine.snapshot().traffic?.submitted).toBeGreaterThan(0);
    const summary = await engine.handlers['traffic.stop'](undefined);
    expect(summary?.succeeded).toBeGreaterThanOrEqual(10);
  });

  it('sim.run answers a simulation of the chosen policy', async () => {
    h = await startHarness();
    const out = await h.engine.handlers['sim.run']({
      shape: 'spike',
      policy: 'threshold',
      compare: false,
      params: {},
      seed: 1,
      slo: 10_000,
      startLatency: { minMs: 1000, maxMs: 1000 },
      workerConcurrency: 4,
      minWorkers: 0,
      maxWorkers: 20,
      reconcileMs: 1000,
      seriesPoints: 50,
    });
    expect(out.results).toHaveLength(1);
    expect(out.results[0]?.policy).toBe('threshold');
  });
});

describe('worker restart', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('starts a replacement and drains the old worker once the new one is ready', async () => {
    h = await startHarness(undefined, { maxWorkers: 2 });
    const { engine } = h;
    const [old] = await engine.handlers['workers.list'](undefined);
    await engine.handlers['workers.restart'](old?.id ?? '');
    await until(
      () => engine.snapshot().workers.find((w) => w.id === old?.id)?.state === 'stopped',
      5000,
      'the old worker to stop',
    );
    const ready = engine.snapshot().workers.filter((w) => w.state === 'ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]?.id).not.toBe(old?.id);
    const worker = await engine.handlers['events.list']({ types: ['worker'], limit: 100 });
    const order = worker.map((e) =>
      e.type === 'worker' ? `${e.workerId === old?.id ? 'old' : 'new'}:${e.to}` : '',
    );
    expect(order.indexOf('new:ready')).toBeLessThan(order.indexOf('old:draining'));
  });
});
