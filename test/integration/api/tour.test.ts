import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServerHandle } from '../../../src/main/api/server';
import { startHttpServer } from '../../../src/main/api/server';
import { createEngine } from '../../../src/main/engine/create-engine';
import type { Engine } from '../../../src/main/engine/types';
import { silentLogger } from '../../../src/main/log/logger';
import { defaultSettings } from '../../../src/shared/settings';
import { ApiClient, eventually } from './http-client';

let data: string;
let engine: Engine;
let server: HttpServerHandle;
let api: ApiClient;

type WorkerList = { value: Array<{ state: string }> };

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'gantry-tour-'));
  const settings = {
    ...defaultSettings(),
    // The baseline rules: these suites test the engine's mechanics, not the policy.
    policy: 'threshold',
    data,
    runtime: 'process' as const,
    minWorkers: 1,
    maxWorkers: 2,
    workerWorkMs: 20,
    maxPayload: 1024,
  };
  engine = await createEngine(settings, { logger: silentLogger() });
  await engine.start();
  server = await startHttpServer(engine, {
    port: 0,
    token: 'tour-token',
    maxPayloadBytes: settings.maxPayload,
    logger: silentLogger(),
  });
  api = new ApiClient(server.url, 'tour-token');
});

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  rmSync(data, { recursive: true, force: true });
});

describe('the five-minute tour over HTTP, real engine and worker processes', () => {
  it('runs an enqueued task on a worker', async () => {
    const submitted = await api.call('POST', '/enqueue-task', { payload: { workMs: 20, n: 1 } });
    const [id] = (submitted.json as { ids: string[] }).ids;

    const task = await api.waitForState(id!, 'succeeded');

    expect(submitted.status).toBe(202);
    expect(task.attempt).toBe(1);
    expect(typeof task.workerId).toBe('string');
  });

  it('answers /dispatch-task with the worker’s result', async () => {
    const answer = await api.call('POST', '/dispatch-task', {
      payload: { workMs: 10, echo: 'hi' },
    });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ state: 'succeeded' });
    expect((answer.json as { result?: unknown }).result).toBeDefined();
  });

  it('serves pull mode: dequeue, complete, a stale lease 409, fail, 204 when empty', async () => {
    // Pull clients and pushed workers share the queue: with no worker left, every task
    // waits for a pull client.
    await api.call('POST', '/api/autoscaler.scale', { workers: 0 });
    await eventually(async () => {
      const list = (await api.call('POST', '/api/workers.list')).json as WorkerList;
      return list.value.every((worker) => worker.state === 'stopped' || worker.state === 'failed');
    }, 30_000, 'the pool to empty');
    try {
      const specs = [{ payload: 'pull-1' }, { payload: 'pull-2', maxAttempts: 1 }];
      const submitted = await api.call('POST', '/enqueue-task', specs);
      const [first, second] = (submitted.json as { ids: string[] }).ids;

      const leased = await api.call('POST', '/dequeue-task', { leaseMs: 60_000 });
      const { task, lease } = leased.json as { task: { id: string }; lease: string };
      const wrong = await api.call('POST', `/tasks/${task.id}/complete`, {
        lease: `${lease}x`, result: 1,
      });
      const done = await api.call('POST', `/tasks/${task.id}/complete`, {
        lease, result: { ok: true },
      });
      const again = await api.call('POST', `/tasks/${task.id}/complete`, {
        lease, result: { ok: true },
      });

      const nextAnswer = await api.call('GET', '/dequeue-task');
      const next = nextAnswer.json as { task: { id: string }; lease: string };
      const failed = await api.call('POST', `/tasks/${next.task.id}/fail`, {
        lease: next.lease,
        error: 'cannot',
        retryable: false,
      });
      const empty = await api.call('GET', '/dequeue-task');

      expect(leased.status).toBe(200);
      expect(task.id).toBe(first);
      expect(wrong.status).toBe(409);
      expect(done.json).toMatchObject({ id: first, state: 'succeeded', result: { ok: true } });
      expect(again.status).toBe(409);
      expect(next.task.id).toBe(second);
      expect(failed.json).toMatchObject({ state: 'dead' });
      expect(empty.status).toBe(204);
    } finally {
      await api.call('POST', '/api/autoscaler.resume');
    }
  });

  it('answers 404 for an unknown task, and serves status and metrics', async () => {
    const missing = await api.call('GET', '/tasks/no-such-task');
    const status = await api.call('GET', '/autoscaler-status');
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer tour-token' },
    });
    const text = await metrics.text();

    expect(missing.status).toBe(404);
    expect(status.json).toMatchObject({ minWorkers: 1, maxWorkers: 2 });
    expect(text).toContain('gantry_tasks_submitted_total');
  });

  it('refuses a payload over maxPayload with 413, naming it', async () => {
    const big = 'x'.repeat(2048);
    const single = await api.call('POST', '/enqueue-task', { payload: big });
    const batch = await api.call('POST', '/enqueue-task', [{ payload: 1 }, { payload: big }]);

    expect(single.status).toBe(413);
    expect(single.json).toMatchObject({ error: { code: 'payload_too_large', field: 'payload' } });
    expect(batch.status).toBe(413);
    expect((batch.json as { error: { field: string } }).error.field).toMatch(/^\[?1\]?\.payload$/);
  });

  it('answers the RPC bridge with the engine’s handlers', async () => {
    const workers = await api.call('POST', '/api/workers.list');

    await eventually(async () => {
      const list = (await api.call('POST', '/api/workers.list')).json as WorkerList;
      return list.value.some((worker) => worker.state === 'ready');
    });
    expect(workers.json).toMatchObject({ ok: true });
  });
});
