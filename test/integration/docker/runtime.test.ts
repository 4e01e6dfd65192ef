import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerExit, WorkerHandle } from '../../../src/main/runtime/runtime';
import {
  DockerScene,
  docker,
  healthy,
  mustRun,
  referenceImage,
  skipReason,
  until,
} from './docker-harness';

describe.runIf(mustRun)(`Docker runtime on the real engine${skipReason}`, () => {
  let scene: DockerScene;

  beforeAll(async () => {
    if (!docker.available) throw new Error(`CI is set but ${docker.reason}`);
    await referenceImage();
  }, 120_000);

  afterEach(async () => {
    await scene.close();
  });

  it('starts a locked-down worker that answers, reports stats and logs, and stops it', async () => {
    scene = new DockerScene();
    const runtime = scene.runtime();

    const handle = await runtime.start({ workerId: 'w-sec', concurrency: 2, env: {} });
    await until(() => healthy(handle.address), 10_000, 'the worker to answer');
    const info = await scene.client.getContainer(handle.ref).inspect();
    const stats = await runtime.stats(handle);
    const logs = await runtime.logs(handle, 20);

    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.Privileged).toBe(false);
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(info.HostConfig.Memory).toBe(512 * 1024 ** 2);
    expect(info.HostConfig.PidsLimit).toBe(256);
    expect(info.HostConfig.NanoCpus).toBe(1e9);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('no');
    expect(info.HostConfig.Tmpfs).toEqual({ '/tmp': 'rw,noexec,nosuid,size=64m' });
    expect(info.Config.User).toBe('65534:65534');
    expect(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostIp).toBe('127.0.0.1');
    expect(handle.address).toBe(
      `127.0.0.1:${info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort}`,
    );
    expect(info.Config.Labels['gantry.instance']).toBe(await runtime.instanceId());
    expect(info.Config.Labels['gantry.worker-id']).toBe('w-sec');
    expect(stats?.memoryBytes).toBeGreaterThan(1024 * 1024);
    expect(logs).toContain('"worker":"w-sec"');

    await runtime.stop(handle, 1000);
    expect(await scene.containersOf(await runtime.instanceId())).toEqual([]);
  });

  it('the root filesystem is read-only and the worker is not root, inside the container', async () => {
    scene = new DockerScene();
    const runtime = scene.runtime(scene.settings({}));
    const handle = await runtime.start({ workerId: 'w-ro', concurrency: 1, env: {} });
    await until(() => healthy(handle.address), 10_000, 'the worker to answer');

    // The reference image has no shell: ask node itself, through the engine's exec API.
    const exec = await scene.client.getContainer(handle.ref).exec({
      Cmd: [
        'node',
        '-e',
        "const fs=require('fs');let w='writable';try{fs.writeFileSync('/app/x','1')}catch(e){w=e.code}fs.writeFileSync('/tmp/ok','1');process.stdout.write(w+' '+process.getuid())",
      ],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({});
    const output = await new Promise<string>((resolve) => {
      let text = '';
      stream.on('data', (chunk: Buffer) => {
        text += chunk.subarray(8).toString();
      });
      stream.on('end', () => resolve(text));
    });

    expect(output).toBe('EROFS 65534');
  });

  it('reports a docker kill, and adopts and cleans only its own', async () => {
    scene = new DockerScene();
    const runtime = scene.runtime();
    const exits: WorkerExit[] = [];
    runtime.onExit((exit) => exits.push(exit));
    const a = await runtime.start({ workerId: 'w-a', concurrency: 1, env: {} });
    const b = await runtime.start({ workerId: 'w-b', concurrency: 1, env: {} });
    const otherDir = scene.otherDataDir();
    const other = scene.runtime(scene.settings({}, otherDir), otherDir);
    const foreign = await other.start({ workerId: 'w-a', concurrency: 1, env: {} });

    await scene.client.getContainer(b.ref).kill();
    const exit = await until(() => exits[0], 5000, 'the exit report');

    expect(exit).toEqual({ workerId: 'w-b', reason: 'killed (SIGKILL)', exitCode: 137 });
    // The dead container is removed by the runtime; its last output stays readable.
    await until(
      async () =>
        !(await scene.containersOf(await runtime.instanceId())).some((c) => c.Id === b.ref) ||
        undefined,
      5000,
      'the dead container removed',
    );
    expect(await runtime.logs(b, 10)).toContain('"worker":"w-b"');
    expect((await runtime.adoptable()).map((h) => h.ref)).toEqual([a.ref]);

    await runtime.cleanup(new Set(['w-a']));
    expect((await scene.containersOf(await runtime.instanceId())).map((c) => c.Id)).toEqual([
      a.ref,
    ]);
    expect((await scene.containersOf(await other.instanceId())).map((c) => c.Id)).toEqual([
      foreign.ref,
    ]);

    await runtime.stop(a, 0);
    expect(exits).toHaveLength(1);
  });

  it('names a missing image and a container that exits at once', async () => {
    scene = new DockerScene();
    const missing = scene.runtime(scene.settings({ image: 'gantry-test/absent:never' }));
    const broken = scene.runtime(
      scene.settings({
        docker: { ...scene.settings().docker, env: { CONCURRENCY: '1', WORK_DIST: 'nonsense' } },
      }),
    );

    await expect(missing.start({ workerId: 'w-x', concurrency: 1, env: {} })).rejects.toThrow(
      'image gantry-test/absent:never not found locally; pull or build it',
    );
    const exits: WorkerExit[] = [];
    broken.onExit((exit) => exits.push(exit));
    let handle: WorkerHandle | undefined;
    let failure: unknown;
    try {
      handle = await broken.start({ workerId: 'w-y', concurrency: 1, env: {} });
    } catch (error) {
      failure = error;
    }
    // The worker rejects its configuration at once: either the inspect after start sees it
    // dead (start fails, naming the output), or the exit is reported right after and the
    // dead container is removed, its output kept.
    const deadLogs = async (started: WorkerHandle): Promise<string> => {
      const exit = await until(() => exits[0], 5000, 'the exit');
      const gone = async () => (await scene.containersOf(await broken.instanceId())).length === 0;
      await until(async () => (await gone()) || undefined, 5000, 'the dead container removed');
      return `${exit.reason}: ${await broken.logs(started, 5)}`;
    };
    const observed = handle === undefined ? String(failure) : await deadLogs(handle);
    expect(observed).toMatch(
      /(w-y: container exited at once \(exited, exit code 2\)|exited with code 2):.*WORK_DIST/s,
    );
    expect(await scene.containersOf(await broken.instanceId())).toEqual([]);
  });
});
