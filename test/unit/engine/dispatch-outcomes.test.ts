import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../src/shared/tasks';
import type { Harness } from './engine-harness';
import { startHarness } from './engine-harness';
import { json, until } from './fake-runtime';

const never = new AbortController().signal;

describe('dispatcher outcome mapping', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('2xx: the JSON body is the result; the push carries protocol headers and body', async () => {
    h = await startHarness((body, res) => {
      json(res, 200, { echo: body.payload, deadline: body.deadline });
    });
    const before = Date.now();
    const task = await h.engine.dispatchAndWait({ payload: { n: 7 }, timeoutMs: 60_000 }, never);
    expect(task.state).toBe('succeeded');
    const result = task.result as { echo: unknown; deadline: number };
    expect(result.echo).toEqual({ n: 7 });
    expect(result.deadline).toBeGreaterThanOrEqual(before + 60_000);
    const seen = h.runtime.received[0];
    expect(seen?.headers['gantry-task-id']).toBe(task.id);
    expect(seen?.headers['gantry-attempt']).toBe('1');
    expect(task.workerId).toBe(seen?.workerId);
  });

  it('429 and 503: the task goes back without using an attempt', async () => {
    let answers = 0;
    h = await startHarness((_body, res) => {
      answers += 1;
      if (answers === 1) json(res, 429, { busy: true });
      else if (answers === 2) json(res, 503, { busy: true });
      else json(res, 200, { ok: true });
    });
    const task = await h.engine.dispatchAndWait({ payload: {}, maxAttempts: 1 }, never);
    expect(task.state).toBe('succeeded');
    expect(task.attempt).toBe(1);
    expect(answers).toBe(3);
    const metrics = await h.engine.metricsText();
    expect(metrics).toMatch(/gantry_dispatch_errors_total\{reason="busy"\} 2/);
    // Busy answers are not failed attempts: nothing counts as retried.
    expect(metrics).not.toMatch(/gantry_tasks_finished_total\{outcome="retried"\} [1-9]/);
  });

  it('other 4xx: permanent failure, dead at once', async () => {
    h = await startHarness((_body, res) => json(res, 422, { error: 'bad payload' }));
    const task = await h.engine.dispatchAndWait({ payload: {}, maxAttempts: 5 }, never);
    expect(task.state).toBe('dead');
    expect(task.attempt).toBe(1);
    expect(task.error).toMatchObject({ kind: 'http_4xx', status: 422 });
    expect(task.error?.message).toContain('bad payload');
  });

  it('5xx: retried with backoff, dead after maxAttempts', async () => {
    h = await startHarness((_body, res) => json(res, 500, { error: 'boom' }));
    const task = await h.engine.dispatchAndWait({ payload: {}, maxAttempts: 3 }, never);
    expect(task.state).toBe('dead');
    expect(task.attempt).toBe(3);
    expect(task.error).toMatchObject({ kind: 'http_5xx', status: 500 });
    expect(h.runtime.received.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('5xx then 2xx: succeeds on the retry', async () => {
    let answers = 0;
    h = await startHarness((_body, res) => {
      answers += 1;
      if (answers < 3) json(res, 502, {});
      else json(res, 200, { ok: true });
    });
    const task = await h.engine.dispatchAndWait({ payload: {}, maxAttempts: 5 }, never);
    expect(task.state).toBe('succeeded');
    expect(task.attempt).toBe(3);
  });

  it('no answer within timeoutMs: request closed, the attempt fails as timeout', async () => {
    let closed = 0;
    h = await startHarness((_body, res) => {
      res.on('close', () => (closed += 1));
    });
    const started = Date.now();
    const spec = { payload: {}, maxAttempts: 1, timeoutMs: 300 };
    const task = await h.engine.dispatchAndWait(spec, never);
    expect(task.state).toBe('dead');
    expect(task.error?.kind).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await until(() => closed === 1, 5000, 'the worker to see the request closed');
  });

  it('a broken connection is retryable', async () => {
    let answers = 0;
    h = await startHarness((_body, res) => {
      answers += 1;
      if (answers === 1) res.socket?.destroy();
      else json(res, 200, { ok: true });
    });
    const task = await h.engine.dispatchAndWait({ payload: {}, maxAttempts: 2 }, never);
    expect(task.state).toBe('succeeded');
    expect(task.attempt).toBe(2);
  });

  it('a non-JSON 2xx body is kept as text; an empty one is null', async () => {
    let answers = 0;
    h = await startHarness((_body, res) => {
      answers += 1;
      res.writeHead(200);
      res.end(answers === 1 ? 'plain text' : '');
    });
    const first = await h.engine.dispatchAndWait({ payload: {} }, never);
    const second = await h.engine.dispatchAndWait({ payload: {} }, never);
    expect(first.result).toBe('plain text');
    expect(second.result).toBeNull();
  });

  it('cancel closes the request of a running task; a canceled queued one never runs', async () => {
    let closed = 0;
    h = await startHarness((_body, res) => {
      res.on('close', () => (closed += 1));
    });
    const { engine } = h;
    const [running] = (await engine.handlers['queue.enqueue']([{ payload: {} }])).ids;
    await until(() => engine.snapshot().queue.counts.running === 1, 5000, 'the task to run');
    const canceled = await engine.handlers['tasks.cancel'](running ?? '');
    expect(canceled.state).toBe('canceled');
    await until(() => closed === 1, 5000, 'the request to close');

    await engine.handlers['queue.pause'](undefined);
    const [queued] = (await engine.handlers['queue.enqueue']([{ payload: {} }])).ids;
    const second = await engine.handlers['tasks.cancel'](queued ?? '');
    expect(second.state).toBe('canceled');
    await engine.handlers['queue.resume'](undefined);
    expect(h.runtime.received.map((r) => r.id)).toEqual([running]);
    await expect(engine.handlers['tasks.cancel'](queued ?? '')).resolves.toMatchObject({
      state: 'canceled',
    });
  });

  it('a worker that dies mid-task: the task fails as worker_lost and runs elsewhere', async () => {
    let first = true;
    h = await startHarness(
      (_body, res) => {
        if (first) {
          first = false;
          return; // hangs until the worker is killed
        }
        json(res, 200, { ok: true });
      },
      { minWorkers: 2, maxWorkers: 2 },
    );
    const { engine, runtime } = h;
    const done = engine.dispatchAndWait({ payload: {}, maxAttempts: 3 }, never);
    await until(() => runtime.received.length === 1, 5000, 'the first push');
    const victim = runtime.received[0]?.workerId ?? '';
    runtime.crash(victim);
    const task: Task = await done;
    expect(task.state).toBe('succeeded');
    expect(task.attempt).toBe(2);
    expect(task.workerId).not.toBe(victim);
    const lost = engine.snapshot().workers.find((w) => w.id === victim);
    expect(lost?.state).toBe('failed');
    expect(lost?.reason).toContain('SIGKILL');
    // The autoscaler replaces it, and says that is what it did.
    await until(() => engine.snapshot().autoscaler.workers.ready === 2, 5000, 'a replacement');
    const scaling = await engine.handlers['events.list']({ types: ['scaling'], limit: 20 });
    expect(scaling.some((e) => e.type === 'scaling' && e.cause === 'replace')).toBe(true);
  });
});

describe('liveness of workers in rotation', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a worker that stops answering /healthz is failed, its task retried elsewhere', async () => {
    let first = true;
    h = await startHarness(
      (_body, res) => {
        if (first) {
          first = false;
          return; // the stuck worker never answers
        }
        json(res, 200, { ok: true });
      },
      { minWorkers: 2, maxWorkers: 2 },
    );
    const { engine, runtime } = h;
    const done = engine.dispatchAndWait({ payload: {}, maxAttempts: 3 }, never);
    await until(() => runtime.received.length === 1, 5000, 'the first push');
    const stuck = runtime.received[0]?.workerId ?? '';
    runtime.unhealthy.add(stuck);
    const task = await done;
    expect(task).toMatchObject({ state: 'succeeded', attempt: 2 });
    expect(task.error).toBeUndefined();
    const info = engine.snapshot().workers.find((w) => w.id === stuck);
    expect(info?.state).toBe('failed');
    expect(info?.reason).toContain('/healthz');
    await until(() => engine.snapshot().autoscaler.workers.ready === 2, 5000, 'a replacement');
  });
});

describe('leases written ahead for short tasks', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('holds up to a slot count of extra leases, pushes them as slots free', async () => {
    // ...and gives them back unspent when the worker dies.
    let hold = false;
    const held: (() => void)[] = [];
    h = await startHarness(
      (_body, res) => {
        if (hold) held.push(() => json(res, 200, { ok: true }));
        else json(res, 200, { ok: true });
      },
      { minWorkers: 1, maxWorkers: 1, workerConcurrency: 2 },
    );
    const { engine, runtime } = h;
    // Fast tasks first: the measured mean run time turns prefetching on.
    await engine.handlers['queue.enqueue'](Array.from({ length: 10 }, () => ({ payload: {} })));
    await until(() => engine.snapshot().queue.counts.succeeded === 10, 5000, 'fast tasks');

    hold = true;
    const { ids } = await engine.handlers['queue.enqueue'](
      Array.from({ length: 6 }, () => ({ payload: {} })),
    );
    // 2 on the worker, 2 leased ahead for it, 2 still queued.
    await until(() => engine.snapshot().queue.counts.running === 4, 5000, 'four leased');
    expect(engine.snapshot().queue.counts.queued).toBe(2);
    expect(engine.snapshot().workers[0]?.inflight).toBe(2);
    const pushed = runtime.received.length;

    // A freed slot takes a waiting lease at once.
    held.shift()?.();
    await until(() => runtime.received.length === pushed + 1, 5000, 'the waiting one pushed');

    // The worker dies: leases that never reached it go back without using an attempt.
    const victim = engine.snapshot().workers[0]?.id ?? '';
    runtime.crash(victim);
    hold = false;
    await until(() => engine.snapshot().queue.counts.succeeded === 16, 10_000, 'all done');
    const tasks = await Promise.all(ids.map((id) => engine.handlers['tasks.get'](id)));
    const attempts = tasks.map((t) => t.attempt).toSorted();
    // 1 finished before the crash, 2 were on the worker (retried), the rest ran once.
    expect(attempts.filter((a) => a === 2)).toHaveLength(2);
    expect(attempts.filter((a) => a === 1)).toHaveLength(4);
  });
});

describe('task outcome counting', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('counts a failed attempt as retried once; a later busy answer is not another', async () => {
    const answers = [500, 429, 200];
    h = await startHarness((_body, res) => json(res, answers.shift() ?? 200, {}));
    const task = await h.engine.dispatchAndWait({ payload: {}, maxAttempts: 3 }, never);
    expect(task).toMatchObject({ state: 'succeeded', attempt: 2 });
    const metrics = await h.engine.metricsText();
    expect(metrics).toMatch(/gantry_tasks_finished_total\{outcome="retried"\} 1\n/);
  });
});
