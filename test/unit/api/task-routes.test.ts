import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, Harness, waitFor } from './harness';

let h: Harness;

beforeEach(async () => {
  h = await Harness.start();
});

afterEach(async () => {
  await h.close();
});

describe('task routes', () => {
  it('enqueues one spec and answers 202 with its id', async () => {
    const answer = await h.request('POST', '/enqueue-task', {
      body: { payload: { n: 1 }, maxAttempts: 2 },
    });

    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ ids: ['t1'] });
    expect(h.engine.enqueued).toEqual([{ payload: { n: 1 }, maxAttempts: 2 }]);
  });

  it('enqueues an array and answers the ids in order', async () => {
    const body = [{ payload: 'a' }, { payload: 'b' }, { payload: null }];
    const answer = await h.request('POST', '/enqueue-task', { body });

    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ ids: ['t1', 't2', 't3'] });
    expect(h.engine.enqueued.map((spec) => spec.payload)).toEqual(['a', 'b', null]);
  });

  it('answers one task, and 404 for an unknown one', async () => {
    await h.request('POST', '/enqueue-task', { body: { payload: 7 } });

    const found = await h.request('GET', '/tasks/t1');
    const missing = await h.request('GET', '/tasks/nope');

    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ id: 't1', payload: 7, state: 'queued' });
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('not_found');
  });

  it('leases in pull mode, completes, and refuses a stale lease with 409', async () => {
    await h.request('POST', '/enqueue-task', { body: { payload: 1 } });

    const leased = await h.request('POST', '/dequeue-task', { body: { leaseMs: 5000 } });
    const { lease } = leased.json as { lease: string };
    const stale = await h.request('POST', '/tasks/t1/complete', {
      body: { lease: 'old', result: 1 },
    });
    const done = await h.request('POST', '/tasks/t1/complete', {
      body: { lease, result: { ok: 1 } },
    });
    const empty = await h.request('GET', '/dequeue-task');

    expect(leased.status).toBe(200);
    expect(leased.json).toMatchObject({ task: { id: 't1', state: 'running' }, lease: 't1.1' });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).code).toBe('conflict');
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ id: 't1', state: 'succeeded', result: { ok: 1 } });
    expect(empty.status).toBe(204);
    expect(empty.text).toBe('');
  });

  it('takes the lease time from the query of GET /dequeue-task', async () => {
    await h.request('POST', '/enqueue-task', { body: { payload: 1 } });
    const before = Date.now();

    const leased = await h.request('GET', '/dequeue-task?leaseMs=60000');
    const bad = await h.request('GET', '/dequeue-task?leaseMs=-1');

    const { expiresAt } = leased.json as { expiresAt: number };
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(bad.status).toBe(400);
    expect(errorOf(bad).field).toBe('leaseMs');
  });

  it('records a failure from a pull worker, retryable or not', async () => {
    await h.request('POST', '/enqueue-task', { body: { payload: 1, maxAttempts: 5 } });
    const first = (await h.request('POST', '/dequeue-task')).json as { lease: string };

    const retried = await h.request('POST', '/tasks/t1/fail', {
      body: { lease: first.lease, error: 'flaky', retryable: true },
    });
    const second = (await h.request('POST', '/dequeue-task')).json as { lease: string };
    const dead = await h.request('POST', '/tasks/t1/fail', {
      body: { lease: second.lease, error: { kind: 'bad_input', message: 'no' }, retryable: false },
    });

    expect(retried.json).toMatchObject({
      state: 'queued',
      error: { kind: 'client', message: 'flaky' },
    });
    expect(dead.json).toMatchObject({ state: 'dead', error: { kind: 'bad_input', message: 'no' } });
  });

  it('answers /dispatch-task with the finished task', async () => {
    const pending = h.request('POST', '/dispatch-task', { body: { payload: 'job' } });
    await waitFor(() => h.engine.tasks.has('t1'));

    h.engine.finish('t1', { state: 'succeeded', result: 42 });
    const answer = await pending;

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: 't1', state: 'succeeded', result: 42 });
  });

  it('serves the autoscaler status and Prometheus text', async () => {
    const status = await h.request('GET', '/autoscaler-status');
    const metrics = await h.request('GET', '/metrics');

    expect(status.json).toMatchObject({ policy: { name: 'threshold' }, maxWorkers: 10 });
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text).toContain('gantry_tasks_submitted_total 0');
  });

  it('answers /healthz without a token', async () => {
    const answer = await h.request('GET', '/healthz', { auth: false });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true });
  });
});
