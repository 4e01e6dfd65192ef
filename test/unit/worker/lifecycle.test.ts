import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  activeTasks,
  alive,
  killWorker,
  postTask,
  spawnWorker,
  type SpawnedWorker,
  waitFor,
  WORKER_PATH,
} from './spawn-worker';

let worker: SpawnedWorker | undefined;

afterEach(() => {
  killWorker(worker);
  worker = undefined;
});

describe('reference worker lifecycle', () => {
  it('on SIGTERM stops taking work, finishes in-flight tasks and exits 0', async () => {
    worker = await spawnWorker();
    const url = worker.url;
    const inflight = postTask(url, { id: 'long', payload: { workMs: 1000 } });
    await waitFor(async () => (await activeTasks(url)) === 1);

    worker.child.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${url}/healthz`)).status === 503);
    const refused = await postTask(url, { id: 'late', payload: { workMs: 0 } });

    expect(refused.status).toBe(503);
    expect((await inflight).status).toBe(200);
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('"msg":"worker stopped"');
  });

  it('exits when its stdin closes (GANTRY_WATCH_STDIN=1)', async () => {
    worker = await spawnWorker({ GANTRY_WATCH_STDIN: '1' });
    worker.child.stdin?.end();
    expect(await worker.exited).toBe(0);
  });

  it('does not outlive a parent killed with SIGKILL', async () => {
    // A parent that starts the worker with a stdin pipe, prints its pid, then idles.
    const script = `
      const { spawn } = require('node:child_process');
      const w = spawn(process.execPath, [${JSON.stringify(WORKER_PATH)}], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', GANTRY_WATCH_STDIN: '1' },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      w.stdout.once('data', () => process.stdout.write(String(w.pid) + '\\n'));
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve) => {
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    });
    expect(alive(pid)).toBe(true);

    parent.kill('SIGKILL');
    await waitFor(() => !alive(pid), 5000);
  });

  it('exits with code 98 when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(spawnWorker({ PORT: String(port) })).rejects.toThrow(/exited \(98\)/);
    } finally {
      blocker.close();
    }
  });
});
