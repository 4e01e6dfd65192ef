import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startHarness } from './engine-harness';
import { until } from './fake-runtime';

describe('engine shutdown', () => {
  it('leaves no timers, sockets or servers behind: the process exits by itself', async () => {
    const script = fileURLToPath(new URL('./fixtures/run-and-stop.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    let stoppedAt = 0;
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
    });
    const stoppedOrGone = () => out.includes('stopped') || child.exitCode !== null;
    await until(stoppedOrGone, 30_000, 'the engine to stop');
    stoppedAt = Date.now();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(killer);
    expect(out).toContain('stopped');
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(2500);
  });

  it('releases tasks in flight at shutdown: nothing accepted is lost', async () => {
    const h = await startHarness(() => {
      // Never answers: the attempts are still running when the engine stops.
    }, { minWorkers: 1, maxWorkers: 1 });
    await h.engine.handlers['queue.enqueue'](Array.from({ length: 6 }, () => ({ payload: {} })));
    await until(() => h.engine.snapshot().queue.counts.running === 4, 5000, 'four running');
    await h.engine.stop();
    const counts = h.store.counts();
    expect(counts.running).toBe(0);
    expect(counts.queued).toBe(6);
    const listed = h.store.list({ limit: 10 }).tasks;
    expect(listed.every((t) => t.attempt === 0)).toBe(true);
    await h.close();
  });
});
