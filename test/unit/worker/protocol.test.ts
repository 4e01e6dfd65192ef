import { afterEach, describe, expect, it } from 'vitest';
import {
  activeTasks,
  killWorker,
  postTask,
  spawnWorker,
  type SpawnedWorker,
  waitFor,
} from './spawn-worker';

let worker: SpawnedWorker | undefined;

afterEach(() => {
  killWorker(worker);
  worker = undefined;
});

describe('reference worker protocol', () => {
  it('answers its health check', async () => {
    worker = await spawnWorker({ WORKER_ID: 'w-health' });
    const res = await fetch(`${worker.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, worker: 'w-health' });
  });

  it('processes a task for the payload workMs and reports it', async () => {
    worker = await spawnWorker({ WORKER_ID: 'w1', WORK_MS: '60000' });
    const started = Date.now();
    const res = await postTask(worker.url, { id: 'task-1', attempt: 1, payload: { workMs: 150 } });
    const took = Date.now() - started;

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, taskId: 'task-1', worker: 'w1' });
    expect(res.body.workedMs).toBeGreaterThanOrEqual(145);
    expect(took).toBeGreaterThanOrEqual(145);
    expect(took).toBeLessThan(10_000);
  });

  it('uses WORK_MS when the payload names no duration', async () => {
    worker = await spawnWorker({ WORK_MS: '120' });
    const res = await postTask(worker.url, { id: 'x', attempt: 1, payload: { n: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.workedMs).toBeGreaterThanOrEqual(115);
  });

  it('fails on request: retryable is 500, permanent is 422', async () => {
    worker = await spawnWorker();
    const url = worker.url;
    const retryable = await postTask(url, { id: 'r', payload: { workMs: 0, fail: 'retryable' } });
    const permanent = await postTask(url, { id: 'p', payload: { workMs: 0, fail: 'permanent' } });

    expect(retryable.status).toBe(500);
    expect(retryable.body).toMatchObject({ ok: false, taskId: 'r', error: { kind: 'retryable' } });
    expect(permanent.status).toBe(422);
    expect(permanent.body).toMatchObject({ ok: false, error: { kind: 'permanent' } });
  });

  it('fails every task at FAIL_RATE=1', async () => {
    worker = await spawnWorker({ FAIL_RATE: '1' });
    const res = await postTask(worker.url, { id: 'f', payload: { workMs: 0 } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { kind: 'simulated' } });
  });

  it('stops at the deadline and answers a timeout', async () => {
    worker = await spawnWorker();
    const deadline = Date.now() + 100;
    const started = Date.now();
    const task = { id: 'd', payload: { workMs: 30_000 }, deadline };
    const res = await postTask(worker.url, task);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('answers 429 with Retry-After above its concurrency', async () => {
    worker = await spawnWorker({ CONCURRENCY: '1' });
    const url = worker.url;
    const slow = postTask(url, { id: 'slow', payload: { workMs: 1500 } });
    await waitFor(async () => (await activeTasks(url)) === 1);

    const busy = await postTask(url, { id: 'busy', payload: { workMs: 0 } });
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await slow).status).toBe(200);
  });

  it('rejects bad bodies: 400 for non-JSON or no id, 413 above the size limit', async () => {
    worker = await spawnWorker({ MAX_BODY_BYTES: '1000' });
    expect((await postTask(worker.url, 'not json')).status).toBe(400);
    expect((await postTask(worker.url, { payload: {} })).status).toBe(400);
    const big = { id: 'big', payload: 'x'.repeat(5000) };
    expect((await postTask(worker.url, big)).status).toBe(413);
    const res = await fetch(`${worker.url}/nowhere`);
    expect(res.status).toBe(404);
  });

  it('frees the slot when the client gives up', async () => {
    worker = await spawnWorker({ CONCURRENCY: '1' });
    const url = worker.url;
    const abort = new AbortController();
    const task = { id: 'gone', payload: { workMs: 60_000 } };
    const gone = postTask(url, task, { signal: abort.signal });
    await waitFor(async () => (await activeTasks(url)) === 1);
    abort.abort();
    await expect(gone).rejects.toThrow(/abort/i);

    await waitFor(async () => (await activeTasks(url)) === 0);
    expect((await postTask(url, { id: 'next', payload: { workMs: 0 } })).status).toBe(200);
  });

  it('exposes Prometheus metrics', async () => {
    worker = await spawnWorker();
    await postTask(worker.url, { id: 'a', payload: { workMs: 0 } });
    await postTask(worker.url, { id: 'b', payload: { workMs: 0 } });
    await postTask(worker.url, { id: 'c', payload: { workMs: 0, fail: 'retryable' } });

    const res = await fetch(`${worker.url}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/^# TYPE worker_tasks_processed_total counter$/m);
    expect(text).toMatch(/^worker_tasks_processed_total 2$/m);
    expect(text).toMatch(/^worker_tasks_failed_total 1$/m);
    expect(text).toMatch(/^worker_tasks_active 0$/m);
  });

  it('refuses a bad configuration with exit code 2', async () => {
    await expect(spawnWorker({ WORK_DIST: 'normal' })).rejects.toThrow(/exited \(2\)/);
  });
});
