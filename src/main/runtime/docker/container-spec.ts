import type Dockerode from 'dockerode';
import type { Settings } from '../../../shared/settings';
import type { WorkerLaunch } from '../runtime';
import { CONTAINER_PORT, LABELS, PORT_KEY } from './labels';

/** Size of the writable `/tmp` a read-only container gets. */
export const TMPFS_OPTIONS = 'rw,noexec,nosuid,size=64m';

export interface ContainerSpecInput {
  settings: Settings;
  instanceId: string;
  pool: string;
  image: string;
  name: string;
  launch: WorkerLaunch;
}

/** A name Docker accepts (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`) made from free text. */
export function containerNamePart(text: string): string {
  const cleaned = text.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return cleaned.slice(0, 48) || 'worker';
}

/**
 * The Engine API create options of one worker container. Secure by default, each default
 * loosened only by its `settings.docker` key: no privileges, every capability dropped,
 * `no-new-privileges`, a read-only root with a small tmpfs at `/tmp`, a non-root user, memory,
 * process and CPU limits, no restart policy (the pool owns the count) and the worker port
 * published on 127.0.0.1 only, at a port the engine picks.
 */
export function containerSpec(input: ContainerSpecInput): Dockerode.ContainerCreateOptions {
  const { settings, launch } = input;
  const docker = settings.docker;
  // Gantry's own variables come last: the port must match the binding, the id the pool.
  const env: Record<string, string> = {
    WORK_MS: String(settings.workerWorkMs),
    ...docker.env,
    ...launch.env,
    PORT: String(CONTAINER_PORT),
    WORKER_ID: launch.workerId,
    CONCURRENCY: String(launch.concurrency),
  };
  const labels: Record<string, string> = {
    ...docker.labels,
    [LABELS.instance]: input.instanceId,
    [LABELS.pool]: input.pool,
    [LABELS.workerId]: launch.workerId,
  };

  const hostConfig: Dockerode.HostConfig = {
    PortBindings: { [PORT_KEY]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
    Privileged: false,
    RestartPolicy: { Name: 'no' },
    Tmpfs: { '/tmp': TMPFS_OPTIONS },
    ReadonlyRootfs: docker.readOnlyRootfs,
  };
  if (docker.dropAllCapabilities) hostConfig.CapDrop = ['ALL'];
  if (docker.noNewPrivileges) hostConfig.SecurityOpt = ['no-new-privileges:true'];
  if (docker.memory > 0) {
    hostConfig.Memory = docker.memory;
    // Equal to Memory: no swap on top of the limit, so an over-limit worker is OOM-killed.
    hostConfig.MemorySwap = docker.memory;
  }
  if (docker.pidsLimit > 0) hostConfig.PidsLimit = docker.pidsLimit;
  if (docker.cpus > 0) hostConfig.NanoCpus = Math.round(docker.cpus * 1e9);
  if (docker.network !== '') hostConfig.NetworkMode = docker.network;

  const spec: Dockerode.ContainerCreateOptions = {
    name: input.name,
    Image: input.image,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Labels: labels,
    ExposedPorts: { [PORT_KEY]: {} },
    HostConfig: hostConfig,
  };
  if (docker.command.length > 0) spec.Cmd = docker.command;
  if (docker.user !== '') spec.User = docker.user;
  return spec;
}
