import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { Logger, MemorySink } from '../../../src/main/log/logger';
import { DockerRuntime } from '../../../src/main/runtime/docker/docker-runtime';
import type { BuiltImage } from '../../../src/main/runtime/docker/image-builder';
import { ensureOfflineImage } from '../../../src/main/runtime/docker/image-builder';
import { LABELS } from '../../../src/main/runtime/docker/labels';
import type { Settings } from '../../../src/shared/settings';
import { defaultSettings } from '../../../src/shared/settings';

/** Whether the engine answers, and if not why. */
export interface DockerCheck {
  available: boolean;
  reason: string;
}

/** Pings the engine DOCKER_HOST (or the local socket) names, within two seconds. */
export async function checkDocker(): Promise<DockerCheck> {
  const docker = new Dockerode();
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000)),
    ]);
    return { available: true, reason: '' };
  } catch (error) {
    return {
      available: false,
      reason: `no Docker engine answers (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/**
 * Docker suites run when an engine answers. Without one they are skipped, saying so, unless
 * CI is set: then they must run, and the missing engine is a failure.
 */
export const docker = await checkDocker();
export const mustRun = docker.available || process.env.CI !== undefined;
export const skipReason = docker.available
  ? ''
  : ` (skipped: ${docker.reason}; set CI to make this a failure)`;

let image: Promise<BuiltImage> | undefined;

/**
 * The reference image, built offline once per run: the content-hash label makes every later
 * call (other files run in other processes) a cheap reuse.
 */
export function referenceImage(): Promise<BuiltImage> {
  image ??= ensureOfflineImage({ docker: new Dockerode(), logger: new Logger([], 'error') });
  return image;
}

/** A fresh data directory (its own instance id) and everything to clean up after. */
export class DockerScene {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'gantry-docker-it-'));
  readonly logs = new MemorySink();
  readonly client = new Dockerode();
  private readonly runtimes: DockerRuntime[] = [];
  private readonly dirs: string[] = [this.dataDir];

  /** Settings tuned for tests: short loops, small work, quick grace. */
  settings(patch: Partial<Settings> = {}, dataDir = this.dataDir): Settings {
    return {
      ...defaultSettings(),
      // The baseline rules: these suites test the engine's mechanics, not the policy.
      policy: 'threshold',
      data: dataDir,
      runtime: 'docker',
      minWorkers: 0,
      maxWorkers: 3,
      workerConcurrency: 2,
      workerWorkMs: 50,
      reconcileInterval: 200,
      cooldown: 300,
      retryBase: 20,
      retryMax: 200,
      startTimeout: 20_000,
      drainTimeout: 5000,
      stopGrace: 1000,
      ...patch,
    };
  }

  runtime(settings = this.settings(), dataDir = this.dataDir): DockerRuntime {
    const runtime = new DockerRuntime(settings, new Logger([this.logs], 'debug'), { dataDir });
    this.runtimes.push(runtime);
    return runtime;
  }

  /** Another data directory: another gantry install on the same engine. */
  otherDataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-docker-it-other-'));
    this.dirs.push(dir);
    return dir;
  }

  /** Containers carrying an instance label, any state. */
  async containersOf(instanceId: string): Promise<Dockerode.ContainerInfo[]> {
    return this.client.listContainers({
      all: true,
      filters: { label: [`${LABELS.instance}=${instanceId}`] },
    });
  }

  /**
   * Removes every container of every instance this scene made (its runtimes, and any
   * `gantry serve` it started on one of its data directories), then the directories. Runs
   * whatever failed before it, so a timed-out test leaves no container behind.
   */
  async close(): Promise<void> {
    const instances = new Set<string>();
    for (const runtime of this.runtimes) {
      instances.add(await runtime.instanceId());
      await runtime.dispose().catch(() => undefined);
    }
    for (const dir of this.dirs) {
      const file = join(dir, 'instance-id');
      if (existsSync(file)) instances.add(readFileSync(file, 'utf8').trim());
    }
    for (const instanceId of instances) {
      for (const c of await this.containersOf(instanceId)) {
        await this.client
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined);
      }
    }
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export { until } from '../../support/until';

/** GET /healthz of a worker, true on 200 (a short timeout: a fresh port may swallow a SYN). */
export async function healthy(address: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${address}/healthz`, { signal: AbortSignal.timeout(300) });
    return res.status === 200;
  } catch {
    return false;
  }
}
