import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import { GantryError } from '../../../shared/api/errors';
import type { Settings } from '../../../shared/settings';
import type { WorkerStatsSample } from '../../../shared/workers';
import type { Logger } from '../../log/logger';
import type { Runtime, WorkerExit, WorkerHandle, WorkerLaunch } from '../runtime';
import type { CpuCounters } from './container-io';
import { demuxLogs, readStats } from './container-io';
import { containerNamePart, containerSpec } from './container-spec';
import { describeEndpoint, engineError, engineStatus } from './engine-errors';
import { ExitWatcher } from './exit-watcher';
import type { ProgressListener } from './image-builder';
import { ensureOfflineImage } from './image-builder';
import { loadInstanceId } from './instance-id';
import { LABELS, PORT_KEY } from './labels';
import { RecentSet } from './recent-set';
import { withDeadline } from './with-deadline';

export interface DockerRuntimeOptions {
  /** Data directory; `instance-id` is kept there. */
  dataDir: string;
  /** A client; by default one configured from DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH. */
  docker?: Dockerode;
  /** The `gantry.pool` label (`default`). */
  pool?: string;
  /** The worker script baked into the reference image (the package's `worker/worker.mjs`). */
  workerScript?: string;
  /** Progress of a reference image build, beside the info logs. */
  onImageProgress?: ProgressListener;
  /** Event stream reconnect backoff. */
  eventBackoff?: { baseMs: number; maxMs: number };
  /** Longest wait for the engine to answer a ping in `probe()` (5 s). */
  probeTimeoutMs?: number;
}

/** Most log lines one `logs()` call returns. */
const MAX_LOG_TAIL = 10_000;
/** Lines kept from a container that died, and how many dead containers' lines to keep. */
const DEAD_LOG_LINES = 200;
const DEAD_LOG_CONTAINERS = 50;

/**
 * Workers as Docker containers, through the Engine API (dockerode). Every container carries
 * this install's instance label: adoption and cleanup see only those, never anyone else's.
 */
export class DockerRuntime implements Runtime {
  readonly kind = 'docker' as const;
  /** Where the engine is, as DOCKER_HOST would say it. */
  readonly endpoint: string;
  private readonly docker: Dockerode;
  private readonly log: Logger;
  private readonly pool: string;
  private instanceIdPromise: Promise<string> | undefined;
  private image: { name: string; ready: Promise<string> } | undefined;
  /** Containers gantry stops or removes itself: their deaths are not reported. */
  private readonly expected = new RecentSet(10_000);
  private readonly listeners = new Set<(exit: WorkerExit) => void>();
  private watcher: ExitWatcher | undefined;
  private watching: Promise<void> | undefined;
  private disposed = false;
  private readonly cpuBase = new Map<string, CpuCounters>();
  /** Output of containers that died and were removed, by container id (newest last). */
  private readonly deadLogs = new Map<string, string>();
  private readonly reaping = new Set<Promise<void>>();

  constructor(
    private settings: Settings,
    logger: Logger,
    private readonly opts: DockerRuntimeOptions,
  ) {
    this.docker = opts.docker ?? new Dockerode();
    this.endpoint = describeEndpoint(this.docker);
    this.log = logger.child('docker', { endpoint: this.endpoint });
    this.pool = opts.pool ?? 'default';
  }

  /** Takes new settings for the next containers (running ones keep theirs). */
  setSettings(settings: Settings): void {
    this.settings = settings;
  }

  /** This install's id, the `gantry.instance` label of its containers. */
  instanceId(): Promise<string> {
    this.instanceIdPromise ??= loadInstanceId(this.opts.dataDir);
    return this.instanceIdPromise;
  }

  async probe(): Promise<string> {
    const timeoutMs = this.opts.probeTimeoutMs ?? 5000;
    try {
      await withDeadline(
        this.docker.ping(),
        timeoutMs,
        () =>
          new GantryError(
            'unavailable',
            `cannot reach Docker at ${this.endpoint}: no answer within ${timeoutMs} ms`,
          ),
      );
      const v = await this.docker.version();
      return `Docker ${v.Version} (API ${v.ApiVersion}, ${v.Os}/${v.Arch}) at ${this.endpoint}`;
    } catch (error) {
      const mapped = engineError(error, this.endpoint, 'ping');
      if (mapped.code === 'unavailable') throw mapped;
      throw new GantryError(
        'unavailable',
        `Docker at ${this.endpoint} answered with an error: ${mapped.message}`,
        { cause: error },
      );
    }
  }

  /** The image workers run, built or checked once (again after a failure or a change). */
  imageName(): Promise<string> {
    const wanted = this.settings.image;
    if (this.image?.name !== wanted) {
      const ready = wanted === '' ? this.referenceImage() : this.userImage(wanted);
      this.image = { name: wanted, ready };
      ready.catch(() => {
        if (this.image?.ready === ready) this.image = undefined;
      });
    }
    return this.image.ready;
  }

  private async referenceImage(): Promise<string> {
    const built = await ensureOfflineImage({
      docker: this.docker,
      logger: this.log,
      workerScript: this.opts.workerScript,
      onProgress: this.opts.onImageProgress,
    }).catch((error: unknown) => {
      throw engineError(error, this.endpoint, 'reference image build');
    });
    return built.tag;
  }

  private async userImage(name: string): Promise<string> {
    try {
      await this.docker.getImage(name).inspect();
      return name;
    } catch (error) {
      if (engineStatus(error) === 404) throw imageMissing(name);
      throw engineError(error, this.endpoint, `inspect of image ${name}`);
    }
  }

  async start(launch: WorkerLaunch): Promise<WorkerHandle> {
    const [instanceId, image] = await Promise.all([this.instanceId(), this.imageName()]);
    const name = `gantry-${containerNamePart(launch.workerId)}-${randomBytes(3).toString('hex')}`;
    const spec = containerSpec({
      settings: this.settings,
      instanceId,
      pool: this.pool,
      image,
      name,
      launch,
    });
    const fields = { workerId: launch.workerId, image };

    let container: Dockerode.Container;
    try {
      container = await this.docker.createContainer(spec);
    } catch (error) {
      if (engineStatus(error) === 404) {
        this.image = undefined;
        throw imageMissing(image);
      }
      throw engineError(error, this.endpoint, `create of worker ${launch.workerId}`);
    }

    try {
      const timeoutMs = this.settings.startTimeout;
      await withDeadline(
        container.start(),
        timeoutMs,
        () =>
          new GantryError(
            'timeout',
            `worker ${launch.workerId}: the engine did not start its container ` +
              `within ${timeoutMs} ms`,
          ),
      );
      const info = await container.inspect();
      const port = hostPort(info);
      if (info.State.Running && port === undefined) {
        throw new GantryError(
          'unavailable',
          `worker ${launch.workerId}: the engine published no host port for ${PORT_KEY}` +
            (this.settings.docker.network === ''
              ? ''
              : ` (does network "${this.settings.docker.network}" publish ports?)`),
        );
      }
      if (!info.State.Running || port === undefined) {
        const output = await this.tail(container, 20);
        throw new GantryError(
          'unavailable',
          `worker ${launch.workerId}: container exited at once ` +
            `(${info.State.Status}, exit code ${info.State.ExitCode})` +
            (output === '' ? '' : `: ${output}`),
        );
      }
      const handle = toHandle(info, launch.workerId, port);
      this.log.info('worker container started', {
        ...fields,
        containerId: shortId(handle.ref),
        port,
      });
      return handle;
    } catch (error) {
      this.expected.add(container.id);
      await container.remove({ force: true, v: true }).catch(() => undefined);
      const mapped = engineError(error, this.endpoint, `start of worker ${launch.workerId}`);
      this.log.warn('worker container failed to start', {
        ...fields,
        containerId: shortId(container.id),
        error: mapped.message,
      });
      throw mapped;
    }
  }

  async stop(handle: WorkerHandle, graceMs: number): Promise<void> {
    this.expected.add(handle.ref);
    this.cpuBase.delete(handle.ref);
    const container = this.docker.getContainer(handle.ref);
    const fields = {
      workerId: handle.workerId,
      containerId: shortId(handle.ref),
      image: handle.image,
      port: portOf(handle.address),
    };
    try {
      // SIGTERM, then the engine sends SIGKILL after t seconds.
      await container.stop({ t: Math.max(0, Math.ceil(graceMs / 1000)) });
    } catch (error) {
      const status = engineStatus(error);
      if (status !== 304 && status !== 404)
        throw engineError(error, this.endpoint, `stop of worker ${handle.workerId}`);
    }
    try {
      await container.remove({ force: true, v: true });
    } catch (error) {
      const status = engineStatus(error);
      // 409: a removal is already in progress (e.g. `docker rm -f` racing us).
      if (status !== 404 && status !== 409)
        throw engineError(error, this.endpoint, `removal of worker ${handle.workerId}`);
    }
    this.log.info('worker container stopped', fields);
  }

  /** This instance's containers, running or not, as the engine lists them. */
  private async ownContainers(all: boolean): Promise<Dockerode.ContainerInfo[]> {
    const instanceId = await this.instanceId();
    let list: Dockerode.ContainerInfo[];
    try {
      list = await this.docker.listContainers({
        all,
        filters: { label: [`${LABELS.instance}=${instanceId}`] },
      });
    } catch (error) {
      throw engineError(error, this.endpoint, 'container list');
    }
    // Checked again here: a container without our label is never ours, whatever the filter did.
    return list.filter((c) => c.Labels?.[LABELS.instance] === instanceId);
  }

  async adoptable(): Promise<WorkerHandle[]> {
    const handles: WorkerHandle[] = [];
    for (const summary of await this.ownContainers(false)) {
      if (summary.State !== 'running') continue;
      const workerId = summary.Labels[LABELS.workerId];
      if (workerId === undefined) continue;
      let info: Dockerode.ContainerInspectInfo;
      try {
        info = await this.docker.getContainer(summary.Id).inspect();
      } catch (error) {
        if (engineStatus(error) === 404) continue;
        throw engineError(error, this.endpoint, `inspect of container ${shortId(summary.Id)}`);
      }
      const port = hostPort(info);
      if (!info.State.Running || port === undefined) continue;
      handles.push(toHandle(info, workerId, port));
      this.log.info('adoptable worker container', {
        workerId,
        containerId: shortId(summary.Id),
        port,
      });
    }
    return handles;
  }

  async cleanup(keep: ReadonlySet<string>): Promise<void> {
    for (const summary of await this.ownContainers(true)) {
      const workerId = summary.Labels[LABELS.workerId];
      if (keep.has(summary.Id) || (workerId !== undefined && keep.has(workerId))) continue;
      this.expected.add(summary.Id);
      try {
        await this.docker.getContainer(summary.Id).remove({ force: true, v: true });
        this.log.info('removed leftover worker container', {
          workerId,
          containerId: shortId(summary.Id),
          state: summary.State,
        });
      } catch (error) {
        const status = engineStatus(error);
        if (status !== 404 && status !== 409)
          throw engineError(error, this.endpoint, `removal of container ${shortId(summary.Id)}`);
      }
    }
  }

  onExit(listener: (exit: WorkerExit) => void): () => void {
    this.listeners.add(listener);
    this.watching ??= this.watch().catch((error: unknown) => {
      this.log.error('cannot follow container events', { error });
    });
    return () => {
      this.listeners.delete(listener);
    };
  }

  private async watch(): Promise<void> {
    const instanceId = await this.instanceId();
    if (this.disposed) return;
    this.watcher = new ExitWatcher({
      docker: this.docker,
      instanceId,
      logger: this.log,
      backoff: this.opts.eventBackoff,
      isExpected: (id) => this.expected.has(id),
      onExit: ({ workerId, containerId, reason, exitCode }) => {
        for (const listener of this.listeners) listener({ workerId, reason, exitCode });
        const reaped: Promise<void> = this.reap(containerId, workerId).finally(() =>
          this.reaping.delete(reaped),
        );
        this.reaping.add(reaped);
      },
    });
    this.watcher.start();
  }

  /**
   * Removes a container that died on its own (the pool never stops a dead worker), keeping
   * the tail of its output so `logs()` still answers for the failed worker.
   */
  private async reap(containerId: string, workerId: string): Promise<void> {
    this.expected.add(containerId);
    this.cpuBase.delete(containerId);
    const container = this.docker.getContainer(containerId);
    try {
      this.deadLogs.set(containerId, await this.tail(container, DEAD_LOG_LINES));
      while (this.deadLogs.size > DEAD_LOG_CONTAINERS) {
        const oldest = this.deadLogs.keys().next();
        if (oldest.done) break;
        this.deadLogs.delete(oldest.value);
      }
    } catch {
      // Already removed (e.g. `docker rm -f`): nothing to keep.
    }
    try {
      await container.remove({ force: true, v: true });
      this.log.info('removed dead worker container', {
        workerId,
        containerId: shortId(containerId),
      });
    } catch (error) {
      const status = engineStatus(error);
      if (status !== 404 && status !== 409) {
        this.log.warn('cannot remove dead worker container', {
          workerId,
          containerId: shortId(containerId),
          error: engineError(error, this.endpoint, 'removal').message,
        });
      }
    }
  }

  async stats(handle: WorkerHandle): Promise<WorkerStatsSample | undefined> {
    try {
      const stats = await this.docker
        .getContainer(handle.ref)
        .stats({ stream: false, 'one-shot': true });
      const reading = readStats(stats, this.cpuBase.get(handle.ref));
      if (reading.counters !== undefined) this.cpuBase.set(handle.ref, reading.counters);
      return {
        workerId: handle.workerId,
        ts: Date.now(),
        cpuPercent: reading.cpuPercent,
        memoryBytes: reading.memoryBytes,
      };
    } catch (error) {
      this.log.debug('no stats for worker', {
        workerId: handle.workerId,
        error: engineError(error, this.endpoint, 'stats').message,
      });
      return undefined;
    }
  }

  async logs(handle: WorkerHandle, lines: number): Promise<string> {
    const kept = this.deadLogs.get(handle.ref);
    if (kept !== undefined) return kept.split('\n').slice(-Math.max(1, lines)).join('\n');
    return this.tail(this.docker.getContainer(handle.ref), lines);
  }

  private async tail(container: Dockerode.Container, lines: number): Promise<string> {
    try {
      const raw = await container.logs({
        stdout: true,
        stderr: true,
        follow: false,
        tail: Math.min(Math.max(1, lines), MAX_LOG_TAIL),
      });
      return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))).trimEnd();
    } catch (error) {
      throw engineError(error, this.endpoint, `logs of container ${shortId(container.id)}`);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    await this.watching;
    await this.watcher?.dispose();
    await Promise.all(this.reaping);
  }
}

function imageMissing(name: string): GantryError {
  return new GantryError('unavailable', `image ${name} not found locally; pull or build it`);
}

function shortId(id: string): string {
  return id.slice(0, 12);
}

function portOf(address: string): number | undefined {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** The host port the engine bound to the worker port, from an inspect. */
function hostPort(info: Dockerode.ContainerInspectInfo): number | undefined {
  const bindings = info.NetworkSettings?.Ports?.[PORT_KEY] ?? [];
  for (const binding of bindings) {
    const port = Number(binding.HostPort);
    if (Number.isInteger(port) && port > 0) return port;
  }
  return undefined;
}

// TODO: workers of a remote engine (DOCKER_HOST tcp:// or ssh://) are published on that
// host's 127.0.0.1, which this address does not reach; publishing on the engine host's
// address would expose them to its network, so it needs an explicit opt-in setting first.
function toHandle(
  info: Dockerode.ContainerInspectInfo,
  workerId: string,
  port: number,
): WorkerHandle {
  const startedAt = Date.parse(info.State.StartedAt);
  return {
    workerId,
    runtime: 'docker',
    ref: info.Id,
    image: info.Config.Image,
    address: `127.0.0.1:${port}`,
    startedAt: Number.isFinite(startedAt) ? startedAt : Date.now(),
  };
}
