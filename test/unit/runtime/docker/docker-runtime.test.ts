import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GantryError } from '../../../../src/shared/api/errors';
import { defaultSettings } from '../../../../src/shared/settings';
import type { Settings } from '../../../../src/shared/settings';
import { Logger, MemorySink } from '../../../../src/main/log/logger';
import { DockerRuntime } from '../../../../src/main/runtime/docker/docker-runtime';
import type { WorkerExit } from '../../../../src/main/runtime/runtime';
import { until } from '../../../support/until';
import { FakeEngineApi } from './fake-engine-api';

const USER_IMAGE = 'acme/worker:2';

let engine: FakeEngineApi;
let dataDir: string;
let sink: MemorySink;
let runtimes: DockerRuntime[];

beforeEach(async () => {
  engine = new FakeEngineApi();
  await engine.listen();
  engine.images.set(USER_IMAGE, { Id: 'sha256:user', Labels: {} });
  dataDir = mkdtempSync(join(tmpdir(), 'gantry-docker-rt-'));
  sink = new MemorySink();
  runtimes = [];
});

afterEach(async () => {
  for (const runtime of runtimes) await runtime.dispose();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function settingsWith(
  patch: Partial<Settings> = {},
  docker: Partial<Settings['docker']> = {},
): Settings {
  const base = defaultSettings();
  return { ...base, image: USER_IMAGE, ...patch, docker: { ...base.docker, ...docker } };
}

function makeRuntime(settings = settingsWith(), dir = dataDir): DockerRuntime {
  const rt = new DockerRuntime(settings, new Logger([sink], 'debug'), {
    dataDir: dir,
    docker: engine.client(),
    eventBackoff: { baseMs: 5, maxMs: 20 },
  });
  runtimes.push(rt);
  return rt;
}


describe('DockerRuntime against a fake Engine API', () => {
  it('creates a locked-down container with gantry labels and a 127.0.0.1 binding', async () => {
    const rt = makeRuntime(
      settingsWith({ workerWorkMs: 750 }, { env: { EXTRA: '1' }, labels: { team: 'ops' } }),
    );

    const handle = await rt.start({ workerId: 'w7', concurrency: 3, env: { FROM_POOL: 'yes' } });

    const [create] = engine.requestsTo('POST', /^\/containers\/create$/);
    expect(create).toBeDefined();
    expect(create?.query.get('name')).toMatch(/^gantry-w7-[0-9a-f]{6}$/);
    const body = JSON.parse(create?.body ?? '{}') as Record<string, unknown>;
    const instanceId = readFileSync(join(dataDir, 'instance-id'), 'utf8').trim();
    expect(body.Image).toBe(USER_IMAGE);
    expect(body.Labels).toEqual({
      team: 'ops',
      'gantry.instance': instanceId,
      'gantry.pool': 'default',
      'gantry.worker-id': 'w7',
    });
    expect(body.Env).toEqual([
      'WORK_MS=750',
      'EXTRA=1',
      'FROM_POOL=yes',
      'PORT=8080',
      'WORKER_ID=w7',
      'CONCURRENCY=3',
    ]);
    expect(body.User).toBe('65534:65534');
    expect(body.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(body.HostConfig).toEqual({
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      Privileged: false,
      RestartPolicy: { Name: 'no' },
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m' },
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Memory: 512 * 1024 ** 2,
      MemorySwap: 512 * 1024 ** 2,
      PidsLimit: 256,
      NanoCpus: 1e9,
    });

    const stored = [...engine.containers.values()][0];
    expect(handle).toEqual({
      workerId: 'w7',
      runtime: 'docker',
      ref: stored?.Id,
      image: USER_IMAGE,
      address: `127.0.0.1:${stored?.HostPort}`,
      startedAt: Date.parse('2026-01-01T00:00:00Z'),
    });
    const started = sink.records.find((r) => r.msg === 'worker container started');
    expect(started?.fields).toMatchObject({
      workerId: 'w7',
      image: USER_IMAGE,
      port: stored?.HostPort,
    });
  });

  it('fails clearly when the configured image is not present, without creating anything', async () => {
    const rt = makeRuntime(settingsWith({ image: 'nobody/missing:1' }));

    const error = await rt
      .start({ workerId: 'w1', concurrency: 1, env: {} })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GantryError);
    expect((error as GantryError).code).toBe('unavailable');
    expect((error as GantryError).message).toBe(
      'image nobody/missing:1 not found locally; pull or build it',
    );
    expect(engine.requestsTo('POST', /^\/containers\/create$/)).toHaveLength(0);
  });

  it('removes the container and says why when the engine cannot start it', async () => {
    engine.startFailure = {
      status: 500,
      message:
        'driver failed programming external connectivity: Bind for 127.0.0.1:40000 failed: port is already allocated',
    };
    const rt = makeRuntime();

    const error = await rt
      .start({ workerId: 'w1', concurrency: 1, env: {} })
      .catch((e: unknown) => e);

    expect((error as GantryError).code).toBe('conflict');
    expect((error as GantryError).message).toMatch(/start of worker w1: host port conflict/);
    expect(engine.containers.size).toBe(0);
  });

  it('fails a start with unavailable when the engine goes away', async () => {
    const rt = makeRuntime();
    await rt.start({ workerId: 'w1', concurrency: 1, env: {} });
    await engine.close();

    const error = await rt
      .start({ workerId: 'w2', concurrency: 1, env: {} })
      .catch((e: unknown) => e);

    expect((error as GantryError).code).toBe('unavailable');
    expect((error as GantryError).message).toMatch(
      /^cannot reach Docker at unix:\/\/.*docker\.sock: /,
    );
    engine = new FakeEngineApi();
    await engine.listen();
  });

  it('stops with the grace in seconds, then removes with volumes', async () => {
    const rt = makeRuntime();
    const handle = await rt.start({ workerId: 'w1', concurrency: 1, env: {} });

    await rt.stop(handle, 2500);

    const [stop] = engine.requestsTo('POST', /\/stop$/);
    expect(stop?.query.get('t')).toBe('3');
    const [remove] = engine.requestsTo('DELETE', /^\/containers\//);
    expect(remove?.query.get('force')).toBe('true');
    expect(remove?.query.get('v')).toBe('true');
    expect(engine.containers.size).toBe(0);
    // Stopping a worker that is already gone is not an error.
    await expect(rt.stop(handle, 0)).resolves.toBeUndefined();
  });

  it('adopts only its own running containers and cleans only its own leftovers', async () => {
    const rt = makeRuntime();
    const instanceId = await rt.instanceId();
    const own = { 'gantry.instance': instanceId, 'gantry.pool': 'default' };
    const running = engine.addContainer({ Labels: { ...own, 'gantry.worker-id': 'w1' } });
    const exited = engine.addContainer({
      Labels: { ...own, 'gantry.worker-id': 'w2' },
      State: 'exited',
    });
    const kept = engine.addContainer({ Labels: { ...own, 'gantry.worker-id': 'w3' } });
    const otherInstance = engine.addContainer({
      Labels: { 'gantry.instance': 'someone-else-0001', 'gantry.worker-id': 'w1' },
    });
    const unlabelled = engine.addContainer({ Labels: {} });
    // Even when the engine ignores the label filter, foreign containers stay untouched.
    engine.ignoreListFilters = true;

    const adoptable = await rt.adoptable();
    await rt.cleanup(new Set([running.Id, 'w3']));

    expect(adoptable.map((h) => [h.workerId, h.ref, h.address]).toSorted()).toEqual([
      ['w1', running.Id, `127.0.0.1:${running.HostPort}`],
      ['w3', kept.Id, `127.0.0.1:${kept.HostPort}`],
    ]);
    expect([...engine.containers.keys()].toSorted()).toEqual(
      [running.Id, kept.Id, otherInstance.Id, unlabelled.Id].toSorted(),
    );
    expect(engine.containers.has(exited.Id)).toBe(false);
  });

  it('reports a container that dies on its own, once, and not the ones it stopped', async () => {
    const rt = makeRuntime();
    const exits: WorkerExit[] = [];
    rt.onExit((exit) => exits.push(exit));
    const crashing = await rt.start({ workerId: 'w1', concurrency: 1, env: {} });
    const stopped = await rt.start({ workerId: 'w2', concurrency: 1, env: {} });
    const oom = await rt.start({ workerId: 'w3', concurrency: 1, env: {} });
    await until(() => engine.eventStreamCount() > 0, 3000, 'the event stream');
    const stoppedContainer = engine.containers.get(stopped.ref);

    await rt.stop(stopped, 0);
    if (stoppedContainer) engine.emit(stoppedContainer, 'die', { exitCode: '0' });
    const crashed = engine.containers.get(crashing.ref);
    const oomed = engine.containers.get(oom.ref);
    if (!crashed || !oomed) throw new Error('containers missing');
    engine.logText = 'boom: cannot go on\n';
    engine.emit(crashed, 'die', { exitCode: '1' });
    engine.emit(crashed, 'destroy');
    engine.emit(oomed, 'oom');
    engine.emit(oomed, 'die', { exitCode: '137' });
    await until(() => exits.length >= 2, 3000, 'two exits');

    expect(exits).toEqual([
      { workerId: 'w1', reason: 'exited with code 1', exitCode: 1 },
      { workerId: 'w3', reason: 'out of memory', exitCode: 137 },
    ]);
    // Dead containers are removed (the pool never stops a dead worker); their output stays.
    await until(
      () => !engine.containers.has(crashing.ref),
      3000,
      'the dead container removed',
    );
    expect(await rt.logs(crashing, 5)).toBe('boom: cannot go on');
  });

  it('reconnects the event stream after the engine drops it', async () => {
    const rt = makeRuntime();
    const exits: WorkerExit[] = [];
    rt.onExit((exit) => exits.push(exit));
    const handle = await rt.start({ workerId: 'w1', concurrency: 1, env: {} });
    await until(() => engine.eventStreamCount() > 0, 3000, 'the event stream');
    const connects = engine.requestsTo('GET', /^\/events$/).length;

    engine.dropEventStreams();
    await until(() => engine.eventStreamCount() > 0, 3000, 'a new event stream');
    const container = engine.containers.get(handle.ref);
    if (container) engine.emit(container, 'die', { exitCode: '137' });
    await until(() => exits[0], 3000, 'the exit after reconnecting');

    const calls = engine.requestsTo('GET', /^\/events$/);
    expect(calls.length).toBeGreaterThan(connects);
    expect(JSON.parse(calls.at(-1)?.query.get('filters') ?? '{}')).toEqual({
      type: ['container'],
      label: [`gantry.instance=${await rt.instanceId()}`],
      event: ['die', 'oom', 'destroy'],
    });
    expect(Number(calls.at(-1)?.query.get('since'))).toBeGreaterThan(0);
    expect(exits).toEqual([{ workerId: 'w1', reason: 'killed (SIGKILL)', exitCode: 137 }]);
    expect(sink.records.some((r) => r.level === 'warn' && r.msg.endsWith('reconnecting'))).toBe(
      true,
    );
  });

  it('reads stats with the delta method and demultiplexed logs', async () => {
    const rt = makeRuntime();
    const handle = await rt.start({ workerId: 'w1', concurrency: 1, env: {} });
    engine.logText = 'worker listening\nsecond line\n';

    const stats = await rt.stats(handle);
    const logs = await rt.logs(handle, 50);

    // 0.5 s of container CPU over 2 s of host CPU on 2 CPUs: 50 % of one core.
    expect(stats).toMatchObject({ workerId: 'w1', cpuPercent: 50, memoryBytes: 40_000_000 });
    expect(logs).toBe('worker listening\nsecond line');
    const [call] = engine.requestsTo('GET', /\/logs$/);
    expect(call?.query.get('tail')).toBe('50');
    expect(await rt.stats({ ...handle, ref: 'gone' })).toBeUndefined();
  });

  it('builds the reference image once and reuses it', async () => {
    const rt = makeRuntime(settingsWith({ image: '' }));

    const first = await rt.start({ workerId: 'w1', concurrency: 1, env: {} });
    const second = await rt.start({ workerId: 'w2', concurrency: 1, env: {} });
    const again = await makeRuntime(settingsWith({ image: '' })).imageName();

    expect(first.image).toMatch(/^gantry-worker:\d+\.\d+\.\d+/);
    expect(second.image).toBe(first.image);
    expect(again).toBe(first.image);
    expect(engine.requestsTo('POST', /^\/build$/)).toHaveLength(1);
    expect(engine.images.get(first.image)?.Labels['gantry.content-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('two data directories are two instances that never see each other', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'gantry-docker-rt-other-'));
    try {
      const a = makeRuntime();
      const b = makeRuntime(settingsWith(), otherDir);
      await a.start({ workerId: 'w1', concurrency: 1, env: {} });

      expect(await a.instanceId()).not.toBe(await b.instanceId());
      expect(await b.adoptable()).toEqual([]);
      await b.cleanup(new Set());
      expect(engine.containers.size).toBe(1);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
