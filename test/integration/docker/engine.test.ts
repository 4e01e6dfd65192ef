import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/engine/create-engine';
import type { Engine } from '../../../src/main/engine/types';
import { Logger } from '../../../src/main/log/logger';
import type { Settings } from '../../../src/shared/settings';
import {
  DockerScene,
  docker,
  healthy,
  mustRun,
  referenceImage,
  skipReason,
  until,
} from './docker-harness';

const GANTRY = resolve(import.meta.dirname, '../../../bin/gantry.js');
const never = new AbortController().signal;

describe.runIf(mustRun)(`engine with Docker workers${skipReason}`, () => {
  let scene: DockerScene;
  let engines: Engine[];

  beforeAll(async () => {
    if (!docker.available) throw new Error(`CI is set but ${docker.reason}`);
    await referenceImage();
  }, 120_000);

  afterEach(async () => {
    try {
      await Promise.allSettled(engines.map((engine) => engine.stop()));
    } finally {
      await scene.close();
    }
  });

  async function startEngine(settings: Settings): Promise<Engine> {
    const engine = await createEngine(settings, {
      logger: new Logger([scene.logs], 'info'),
      runtime: scene.runtime(settings),
    });
    engines.push(engine);
    await engine.start();
    return engine;
  }

  function fresh(): void {
    scene = new DockerScene();
    engines = [];
  }

  it('scales 0 → N → 0 under a burst and removes every container', async () => {
    fresh();
    const engine = await startEngine(
      scene.settings({ minWorkers: 0, maxWorkers: 3, workerConcurrency: 2 }),
    );
    const instanceId = await scene.runtime().instanceId();
    expect(engine.snapshot().autoscaler.current).toBe(0);

    await engine.handlers['queue.enqueue'](
      Array.from({ length: 60 }, () => ({ payload: { workMs: 150 } })),
    );
    let peak = 0;
    await until(
      () => {
        peak = Math.max(peak, engine.snapshot().autoscaler.workers.ready);
        return engine.snapshot().queue.counts.succeeded === 60 || undefined;
      },
      90_000,
      'the burst to finish',
    );
    await until(
      () => engine.snapshot().autoscaler.current === 0 || undefined,
      60_000,
      'the pool to empty',
    );
    await until(
      async () => (await scene.containersOf(instanceId)).length === 0 || undefined,
      20_000,
      'every container removed',
    );

    expect(peak).toBeGreaterThanOrEqual(2);
    const containers = engine.snapshot().workers.filter((w) => w.runtime === 'docker');
    expect(containers.length).toBeGreaterThanOrEqual(peak);
  });

  it('docker kill of a busy worker: its task finishes on another and the pool heals', async () => {
    fresh();
    // A retry pause near the default: the engine reports the death a few hundred ms after
    // the connection breaks, and retries faster than that would all hit the dying worker.
    const settings = scene.settings({
      minWorkers: 2,
      maxWorkers: 2,
      workerConcurrency: 1,
      retryBase: 500,
      retryMax: 2000,
    });
    const engine = await startEngine(settings);
    await until(
      () => engine.snapshot().autoscaler.workers.ready === 2 || undefined,
      30_000,
      'two workers',
    );

    const done = engine.dispatchAndWait({ payload: { workMs: 3000 }, maxAttempts: 3 }, never);
    const victim = await until(
      () => engine.snapshot().workers.find((w) => w.inflight === 1),
      10_000,
      'the push',
    );
    await scene.client.getContainer(victim.ref).kill();
    const task = await done;

    expect(task.state).toBe('succeeded');
    // The engine's own exit notice can trail the broken connection by a few hundred ms, so
    // a retry may first land on the dying worker; it still ends elsewhere.
    expect(task.attempt).toBeGreaterThanOrEqual(2);
    expect(task.workerId).not.toBe(victim.id);
    const lost = engine.snapshot().workers.find((w) => w.id === victim.id);
    expect(lost?.state).toBe('failed');
    expect(lost?.reason).toContain('killed (SIGKILL)');
    await until(
      () => engine.snapshot().autoscaler.workers.ready === 2 || undefined,
      30_000,
      'a replacement',
    );
    const ids = (await scene.containersOf(await scene.runtime().instanceId())).map((c) => c.Id);
    expect(ids).not.toContain(victim.ref);
  });

  it('replaces a container whose health check never passes', async () => {
    fresh();
    // Listening on the container's loopback only: the published port never reaches it.
    const base = scene.settings();
    const engine = await startEngine(
      scene.settings({
        minWorkers: 1,
        maxWorkers: 1,
        startTimeout: 2000,
        docker: { ...base.docker, env: { HOST: '127.0.0.1' } },
      }),
    );
    const instanceId = await scene.runtime().instanceId();

    const first = await until(
      () => engine.snapshot().workers.find((w) => w.state === 'failed'),
      30_000,
      'a failed worker',
    );
    const second = await until(
      () => engine.snapshot().workers.find((w) => w.id !== first.id && w.ref !== ''),
      30_000,
      'a replacement attempt',
    );

    expect(first.reason).toMatch(/not healthy within 2 s/);
    expect(second.state).not.toBe('ready');
    await until(
      async () =>
        !(await scene.containersOf(instanceId)).some((c) => c.Id === first.ref) || undefined,
      10_000,
      'the unhealthy container removed',
    );
  });

  it('after a crash, a new engine on the same data dir adopts the containers and touches no one else', async () => {
    fresh();
    const otherDir = scene.otherDataDir();
    const foreign = await scene
      .runtime(scene.settings({}, otherDir), otherDir)
      .start({ workerId: 'w-foreign', concurrency: 1, env: {} });
    const child = spawn(
      process.execPath,
      [
        GANTRY,
        'serve',
        '--json',
        '--port',
        '0',
        '--data',
        scene.dataDir,
        '--runtime',
        'docker',
        '--min-workers',
        '2',
        '--max-workers',
        '2',
        '--cooldown',
        '300ms',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    try {
      const idFile = join(scene.dataDir, 'instance-id');
      await until(
        () => existsSync(idFile) || undefined,
        30_000,
        `the instance id (serve said: ${stderr.slice(-500)})`,
      );
      const instanceId = readFileSync(idFile, 'utf8').trim();
      const before = await until(
        async () => {
          const running = (await scene.containersOf(instanceId)).filter(
            (c) => c.State === 'running',
          );
          if (running.length !== 2) return undefined;
          const answers = await Promise.all(
            running.map((c) => healthy(`127.0.0.1:${c.Ports[0]?.PublicPort}`)),
          );
          return answers.every(Boolean) ? running : undefined;
        },
        60_000,
        'two healthy worker containers',
      );
      child.kill('SIGKILL');
      await exited;

      const settings = scene.settings({ minWorkers: 2, maxWorkers: 2 });
      const engine = await startEngine(settings);
      // Watch the containers through several reconcile rounds: the autoscaler must count
      // the adopted workers and start none (a stability window, checked every 100 ms).
      const settle = Date.now() + 8 * settings.reconcileInterval;
      while (Date.now() < settle) {
        const running = (await scene.containersOf(instanceId)).map((c) => c.Id);
        expect(running.toSorted()).toEqual(before.map((c) => c.Id).toSorted());
        await new Promise((done) => setTimeout(done, 100));
      }
      const after = await scene.containersOf(instanceId);

      expect(engine.snapshot().autoscaler.lastDecisions.filter((d) => d.action === 'up')).toEqual(
        [],
      );

      expect(after.map((c) => c.Id).toSorted()).toEqual(before.map((c) => c.Id).toSorted());
      const ready = engine.snapshot().workers.filter((w) => w.state === 'ready');
      expect(ready.map((w) => w.ref).toSorted()).toEqual(before.map((c) => c.Id).toSorted());
      expect(ready.every((w) => w.reason?.includes('adopted') ?? true)).toBe(true);
      for (const w of ready) expect(await healthy(w.address)).toBe(true);
      const survivor = await scene.client.getContainer(foreign.ref).inspect();
      expect(survivor.State.Running).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
