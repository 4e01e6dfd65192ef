import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { activeTasks, alive, postTask, waitFor } from '../worker/spawn-worker';
import { makeRuntime, type RuntimeFixture, waitHealthy } from './process-helpers';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const python = hasPython();
if (!python && !process.env.CI) {
  process.stderr.write('python-worker tests skipped: python3 is not installed\n');
}

let fx: RuntimeFixture | undefined;

afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe.skipIf(!python && !process.env.CI)('a Python worker through the process runtime', () => {
  it('serves the worker protocol', async () => {
    fx = makeRuntime({ workerCommand: ['python3', 'test/fixtures/python-worker.py'] });
    const handle = await fx.runtime.start({ workerId: 'py1', concurrency: 1, env: {} });
    fx.handles.push(handle);
    await waitHealthy(handle);
    const url = `http://${handle.address}`;

    const ok = await postTask(url, { id: 'a', attempt: 1, payload: { workMs: 20 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, taskId: 'a', worker: 'py1', runtime: 'python' });

    const slow = postTask(url, { id: 'slow', payload: { workMs: 1000 } });
    await waitFor(async () => (await activeTasks(url)) === 1);
    // The single slot is busy: the next task is refused with 429 until it frees.
    const busy = await postTask(url, { id: 'b', payload: { workMs: 0 } });
    expect(busy.status).toBe(429);
    expect((await slow).status).toBe(200);

    const permanent = await postTask(url, { id: 'p', payload: { workMs: 0, fail: 'permanent' } });
    const retryable = await postTask(url, { id: 'r', payload: { workMs: 0, fail: 'retryable' } });
    expect(permanent.status).toBe(422);
    expect(retryable.status).toBe(500);

    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^worker_tasks_processed_total 2$/m);
    expect(metrics).toMatch(/^worker_tasks_failed_total 2$/m);

    const pid = Number(handle.ref);
    await fx.runtime.stop(handle, 5000);
    fx.handles.length = 0;
    expect(alive(pid)).toBe(false);
  });
});
