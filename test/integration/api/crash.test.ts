import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './http-client';
import type { ServeProcess } from './serve-process';
import { isRunning, startServe } from './serve-process';

let data: string;
const started: ServeProcess[] = [];

beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'gantry-crash-'));
});

afterEach(async () => {
  for (const serve of started.splice(0)) {
    if (serve.child.exitCode === null && serve.child.signalCode === null) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  }
  rmSync(data, { recursive: true, force: true });
});

const TASKS = 60;

function pool(maxWorkers: number, concurrency: number): string[] {
  const limits = ['--min-workers', '2', '--max-workers', String(maxWorkers)];
  return [...limits, '--worker-concurrency', String(concurrency)];
}

describe('a crash of the engine', () => {
  it('loses no acknowledged task and leaves no worker behind', async () => {
    const first = await startServe(data, pool(2, 2));
    started.push(first);
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) => ({ payload: { workMs: 300, n: i + j } }));
      const answer = await first.api.call('POST', '/enqueue-task', batch);
      expect(answer.status).toBe(202);
      ids.push(...(answer.json as { ids: string[] }).ids);
    }
    // Kill it while workers are busy: some tasks are running, most still queued.
    await eventually(async () => {
      const list = (await first.api.call('POST', '/api/workers.list')).json as {
        value: Array<{ state: string; inflight: number }>;
      };
      return list.value.some((worker) => worker.state === 'ready' && worker.inflight > 0);
    }, 30_000, 'a busy worker');
    const listed = await first.api.call('POST', '/api/workers.list');
    const workers = listed.json as { value: Array<{ ref: string }> };
    const pids = workers.value.map((worker) => Number(worker.ref)).filter((pid) => pid > 0);
    expect(pids.length).toBeGreaterThan(0);

    first.child.kill('SIGKILL');
    await first.exited;

    const gone = (): boolean => pids.every((pid) => !isRunning(pid));
    await eventually(gone, 15_000, 'the orphaned workers to exit');

    const second = await startServe(data, pool(4, 4));
    started.push(second);
    for (const id of ids) {
      const task = await second.api.waitForState(id, 'succeeded', 120_000);
      expect(task.id).toBe(id);
    }
  });
});
