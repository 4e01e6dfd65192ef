import { GantryError } from '../../shared/api/errors';
import type { Settings } from '../../shared/settings';
import type { RuntimeStatus } from '../../shared/snapshot';
import type { Logger } from '../log/logger';
import { ProcessRuntime } from './process/process-runtime';
import type { Runtime } from './runtime';

/** Builds a runtime of one kind; the Docker one loads lazily so `process` never pays for it. */
export type RuntimeFactory = (
  settings: Settings,
  logger: Logger,
  options: { dataDir: string },
) => Promise<Runtime>;

export interface SelectRuntimeDeps {
  dataDir: string;
  /** Defaults to the built-in Docker runtime. */
  docker?: RuntimeFactory;
  /** Defaults to `ProcessRuntime`. */
  process?: RuntimeFactory;
}

/** The chosen runtime and what the UI shows about it. */
export interface RuntimeSelection {
  runtime: Runtime;
  status: RuntimeStatus;
}

/**
 * Picks the worker runtime from `settings.runtime`:
 * - `process`: local processes.
 * - `docker`: Docker, even when it does not answer (the status says why; it is never
 *   swapped for processes the user did not ask for).
 * - `auto`: Docker when an engine answers; otherwise local processes if
 *   `docker.allowProcessFallback` (status `fallback: true`), else Docker marked unavailable.
 *   Disabling the fallback keeps workers isolated in containers or not running at all.
 * Never throws for an unreachable runtime: an unavailable status is part of the answer.
 */
export async function selectRuntime(
  settings: Settings,
  logger: Logger,
  deps: SelectRuntimeDeps,
): Promise<RuntimeSelection> {
  const log = logger.child('runtime');
  const options = { dataDir: deps.dataDir };
  const makeProcess = deps.process ?? defaultProcess;
  const makeDocker = deps.docker ?? defaultDocker;

  if (settings.runtime === 'process') {
    return probed(await makeProcess(settings, logger, options), false, log);
  }

  let docker: Runtime | undefined;
  let dockerError: string;
  try {
    docker = await makeDocker(settings, logger, options);
    const detail = await docker.probe();
    const status: RuntimeStatus = { kind: 'docker', available: true, detail, fallback: false };
    return { runtime: docker, status };
  } catch (error) {
    dockerError = error instanceof Error ? error.message : String(error);
  }

  if (settings.runtime === 'auto' && settings.docker.allowProcessFallback) {
    log.warn('Docker is not available; running workers as local processes', {
      reason: dockerError,
    });
    return probed(await makeProcess(settings, logger, options), true, log);
  }
  log.error('Docker is not available', { reason: dockerError });
  const status: RuntimeStatus = {
    kind: 'docker',
    available: false,
    detail: dockerError,
    fallback: false,
  };
  return { runtime: docker ?? new UnavailableRuntime(dockerError), status };
}

async function probed(runtime: Runtime, fallback: boolean, log: Logger): Promise<RuntimeSelection> {
  try {
    const detail = await runtime.probe();
    log.info('worker runtime selected', { kind: runtime.kind, detail, fallback });
    return { runtime, status: { kind: runtime.kind, available: true, detail, fallback } };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log.error('worker runtime unavailable', { kind: runtime.kind, reason: detail });
    return { runtime, status: { kind: runtime.kind, available: false, detail, fallback } };
  }
}

const defaultProcess: RuntimeFactory = async (settings, logger, options) =>
  new ProcessRuntime(settings, logger, options);

/** Loaded on demand: dockerode and its dependencies stay out of process-only runs. */
const defaultDocker: RuntimeFactory = async (settings, logger, options) => {
  const { DockerRuntime } = await import('./docker/docker-runtime');
  return new DockerRuntime(settings, logger, options);
};

/** Stands in for a Docker runtime that could not even be constructed; every start fails. */
class UnavailableRuntime implements Runtime {
  readonly kind = 'docker' as const;

  constructor(private readonly reason: string) {}

  async probe(): Promise<string> {
    throw new GantryError('unavailable', this.reason);
  }

  async start(): Promise<never> {
    throw new GantryError('unavailable', this.reason);
  }

  async stop(): Promise<void> {}

  async adoptable(): Promise<[]> {
    return [];
  }

  async cleanup(): Promise<void> {}

  onExit(): () => void {
    return () => undefined;
  }

  async stats(): Promise<undefined> {
    return undefined;
  }

  async logs(): Promise<string> {
    return '';
  }

  async dispose(): Promise<void> {}
}
