import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PidFile } from '../../../src/main/runtime/process/pid-file';
import {
  INSTANCE_ENV,
  isPortInUse,
  PORT_IN_USE_REASON,
} from '../../../src/main/runtime/process/process-runtime';
import type { WorkerExit } from '../../../src/main/runtime/runtime';
import { GantryError } from '../../../src/shared/api/errors';
import { alive, postTask, waitFor } from '../worker/spawn-worker';
import { makeRuntime, type RuntimeFixture, waitHealthy } from './process-helpers';

let fx: RuntimeFixture | undefined;

afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const launch = (workerId: string) => ({ workerId, concurrency: 2, env: {} });

describe('ProcessRuntime', () => {
  it('starts a reference worker on a dynamic loopback port and stops it', async () => {
    fx = makeRuntime({ workerWorkMs: 50 });
    const exits: WorkerExit[] = [];
    fx.runtime.onExit((exit) => exits.push(exit));

    const handle = await fx.runtime.start(launch('w1'));
    fx.handles.push(handle);
    expect(handle).toMatchObject({ workerId: 'w1', runtime: 'process' });
    expect(handle.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const pid = Number(handle.ref);
    expect(alive(pid)).toBe(true);
    await waitHealthy(handle);

    const res = await postTask(`http://${handle.address}`, { id: 't1', payload: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, worker: 'w1' });

    await fx.runtime.stop(handle, 2000);
    expect(alive(pid)).toBe(false);
    expect(exits).toEqual([]);
  });

  it('passes concurrency and extra environment to the worker', async () => {
    fx = makeRuntime();
    const handle = await fx.runtime.start({
      workerId: 'w2',
      concurrency: 3,
      env: { WORK_MS: '7' },
    });
    fx.handles.push(handle);
    await waitHealthy(handle);
    const metrics = await fetch(`http://${handle.address}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^worker_concurrency 3$/m);
    const env = readFileSync(`/proc/${handle.ref}/environ`, 'utf8').split('\0');
    expect(env).toContain(`${INSTANCE_ENV}=${fx.instanceId}`);
    expect(env).toContain('WORK_MS=7');
    expect(env).toContain('GANTRY_WATCH_STDIN=1');
  });

  it('reports an exit it did not ask for', async () => {
    fx = makeRuntime();
    const exits: WorkerExit[] = [];
    fx.runtime.onExit((exit) => exits.push(exit));
    const handle = await fx.runtime.start(launch('w3'));
    await waitHealthy(handle);

    process.kill(Number(handle.ref), 'SIGKILL');
    await waitFor(() => exits.length === 1);

    expect(exits[0]).toEqual({ workerId: 'w3', reason: 'killed (SIGKILL)', exitCode: undefined });
    expect(fx.sink.records.some((r) => r.msg === 'worker process exited')).toBe(true);
  });

  it('keeps the output for logs()', async () => {
    fx = makeRuntime();
    const handle = await fx.runtime.start(launch('w4'));
    fx.handles.push(handle);
    await waitHealthy(handle);
    const logs = await fx.runtime.logs(handle, 10);
    expect(logs).toContain('"msg":"worker listening"');
    expect(logs).toContain('"worker":"w4"');
  });

  it('samples CPU and memory from /proc', async () => {
    fx = makeRuntime();
    const handle = await fx.runtime.start(launch('w5'));
    fx.handles.push(handle);
    await waitHealthy(handle);
    const first = await fx.runtime.stats(handle);
    const second = await fx.runtime.stats(handle);

    expect(first?.workerId).toBe('w5');
    expect(first?.memoryBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(first?.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(second?.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('keeps a pid file of live workers', async () => {
    fx = makeRuntime();
    const pids = new PidFile(fx.dataDir);
    const handle = await fx.runtime.start(launch('w6'));
    const entries = await pids.read();
    expect(entries).toEqual([
      expect.objectContaining({ pid: Number(handle.ref), workerId: 'w6' }),
    ]);

    await fx.runtime.stop(handle, 2000);
    await waitFor(async () => (await pids.read()).length === 0);
  });

  it('kills a worker that ignores SIGTERM after the grace period', async () => {
    const stubborn =
      "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);";
    fx = makeRuntime({ workerCommand: [process.execPath, '-e', stubborn] });
    const handle = await fx.runtime.start(launch('w7'));
    await waitFor(async () => (await fx?.runtime.logs(handle, 1)) === 'ready');

    await fx.runtime.stop(handle, 300);

    expect(alive(Number(handle.ref))).toBe(false);
    const stopped = fx.sink.records.find((r) => r.msg === 'worker process stopped');
    expect(stopped?.fields).toMatchObject({ workerId: 'w7', signal: 'SIGKILL' });
  });

  it('marks an exit caused by a taken port', async () => {
    fx = makeRuntime({ workerCommand: [process.execPath, '-e', 'process.exit(98)'] });
    const exits: WorkerExit[] = [];
    fx.runtime.onExit((exit) => exits.push(exit));
    await fx.runtime.start(launch('w8'));
    await waitFor(() => exits.length === 1);
    expect(exits[0]?.reason).toBe(`${PORT_IN_USE_REASON}: exited with code 98`);
    expect(isPortInUse(exits[0] as WorkerExit)).toBe(true);
    expect(isPortInUse({ workerId: 'x', reason: 'exited with code 1' })).toBe(false);
  });

  it('fails to start a missing program with unavailable', async () => {
    fx = makeRuntime({ workerCommand: ['gantry-no-such-program'] });
    await expect(fx.runtime.probe()).rejects.toThrow(/not found/);
    const error = await fx.runtime.start(launch('w9')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GantryError);
    expect((error as GantryError).code).toBe('unavailable');
  });

  it('probes the reference worker', async () => {
    fx = makeRuntime();
    await expect(fx.runtime.probe()).resolves.toMatch(/^local processes \(reference worker/);
  });

  it('cleanup kills leftovers of this install and spares everything else', async () => {
    fx = makeRuntime();
    const idle = 'setInterval(() => {}, 1000)';
    const ours = spawn(process.execPath, ['-e', idle], {
      env: { ...process.env, [INSTANCE_ENV]: fx.instanceId },
      stdio: 'ignore',
    });
    const unmarked = spawn(process.execPath, ['-e', idle], { stdio: 'ignore' });
    const other = spawn(process.execPath, ['-e', idle], {
      env: { ...process.env, [INSTANCE_ENV]: 'another-install' },
      stdio: 'ignore',
    });
    try {
      const entries = [ours, unmarked, other].map((child, i) => ({
        pid: child.pid ?? 0,
        workerId: `old-${i}`,
        port: 0,
        startedAt: 0,
      }));
      await new PidFile(fx.dataDir).write(entries);
      expect(readFileSync(join(fx.dataDir, 'workers.pids'), 'utf8')).toContain('old-0');

      await fx.runtime.cleanup(new Set());

      await waitFor(() => ours.exitCode !== null || ours.signalCode !== null);
      expect(alive(unmarked.pid ?? 0)).toBe(true);
      expect(alive(other.pid ?? 0)).toBe(true);
    } finally {
      for (const child of [ours, unmarked, other]) child.kill('SIGKILL');
    }
  });

  it('cleanup spares workers named in keep and workers it runs', async () => {
    fx = makeRuntime();
    const handle = await fx.runtime.start(launch('live'));
    fx.handles.push(handle);
    const kept = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: { ...process.env, [INSTANCE_ENV]: fx.instanceId },
      stdio: 'ignore',
    });
    try {
      const pidFile = new PidFile(fx.dataDir);
      const entries = await pidFile.read();
      entries.push({ pid: kept.pid ?? 0, workerId: 'kept', port: 0, startedAt: 0 });
      await pidFile.write(entries);

      await fx.runtime.cleanup(new Set(['kept']));

      expect(alive(Number(handle.ref))).toBe(true);
      expect(alive(kept.pid ?? 0)).toBe(true);
    } finally {
      kept.kill('SIGKILL');
    }
  });
});
