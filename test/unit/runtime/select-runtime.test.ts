import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/main/log/logger';
import type { Runtime, WorkerExit, WorkerHandle } from '../../../src/main/runtime/runtime';
import { type RuntimeFactory, selectRuntime } from '../../../src/main/runtime/select-runtime';
import { GantryError } from '../../../src/shared/api/errors';
import { defaultSettings, type Settings } from '../../../src/shared/settings';
import type { WorkerStatsSample } from '../../../src/shared/workers';

const NO_ENGINE = 'no Docker engine at /var/run/docker.sock';

/** A Docker runtime whose engine answers or not, as the test decides. */
class FakeDocker implements Runtime {
  readonly kind = 'docker' as const;

  constructor(private readonly answers: boolean) {}

  async probe(): Promise<string> {
    if (!this.answers) throw new GantryError('unavailable', NO_ENGINE);
    return 'Docker 27.0';
  }

  async start(): Promise<WorkerHandle> {
    throw new GantryError('unavailable', 'not in this test');
  }

  async stop(): Promise<void> {}
  async adoptable(): Promise<WorkerHandle[]> {
    return [];
  }
  async cleanup(): Promise<void> {}
  onExit(_listener: (exit: WorkerExit) => void): () => void {
    return () => undefined;
  }
  async stats(): Promise<WorkerStatsSample | undefined> {
    return undefined;
  }
  async logs(): Promise<string> {
    return '';
  }
  async dispose(): Promise<void> {}
}

const docker = (answers: boolean): RuntimeFactory => async () => new FakeDocker(answers);

const broken: RuntimeFactory = async () => {
  throw new GantryError('unavailable', 'Docker runtime not built in');
};

const refuse: RuntimeFactory = async () => {
  throw new Error('Docker must not be loaded');
};

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gantry-select-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function settings(runtime: Settings['runtime'], allowProcessFallback = true): Settings {
  const s = defaultSettings();
  return { ...s, runtime, docker: { ...s.docker, allowProcessFallback } };
}

describe('selectRuntime', () => {
  it('auto uses Docker when the engine answers', async () => {
    const { runtime, status } = await selectRuntime(settings('auto'), silentLogger(), {
      dataDir,
      docker: docker(true),
    });
    expect(runtime.kind).toBe('docker');
    const expected = { kind: 'docker', available: true, detail: 'Docker 27.0', fallback: false };
    expect(status).toEqual(expected);
  });

  it('auto falls back to processes when Docker does not answer', async () => {
    const { runtime, status } = await selectRuntime(settings('auto'), silentLogger(), {
      dataDir,
      docker: docker(false),
    });
    expect(runtime.kind).toBe('process');
    expect(status).toMatchObject({ kind: 'process', available: true, fallback: true });
  });

  it('auto without fallback reports Docker unavailable', async () => {
    const { runtime, status } = await selectRuntime(settings('auto', false), silentLogger(), {
      dataDir,
      docker: docker(false),
    });
    expect(runtime.kind).toBe('docker');
    expect(status).toEqual({
      kind: 'docker',
      available: false,
      detail: NO_ENGINE,
      fallback: false,
    });
  });

  it('docker never silently becomes processes', async () => {
    const { status } = await selectRuntime(settings('docker'), silentLogger(), {
      dataDir,
      docker: docker(false),
    });
    expect(status).toMatchObject({ kind: 'docker', available: false, fallback: false });
  });

  it('a Docker runtime that cannot be built yields one that refuses to start', async () => {
    const { runtime, status } = await selectRuntime(settings('docker'), silentLogger(), {
      dataDir,
      docker: broken,
    });
    expect(status.detail).toBe('Docker runtime not built in');
    await expect(runtime.start({ workerId: 'w', concurrency: 1, env: {} })).rejects.toThrow(
      'Docker runtime not built in',
    );
  });

  it('process is used as asked, without touching Docker', async () => {
    const { runtime, status } = await selectRuntime(settings('process'), silentLogger(), {
      dataDir,
      docker: refuse,
    });
    expect(runtime.kind).toBe('process');
    expect(status).toMatchObject({ kind: 'process', available: true, fallback: false });
  });
});

const dockerSocket = existsSync('/var/run/docker.sock') || process.env.DOCKER_HOST !== undefined;
if (!dockerSocket && !process.env.CI) {
  process.stderr.write('select-runtime: Docker test skipped: no Docker engine socket\n');
}

describe.skipIf(!dockerSocket && !process.env.CI)('selectRuntime with a Docker engine', () => {
  it('auto picks the built-in Docker runtime', async () => {
    const { runtime, status } = await selectRuntime(settings('auto'), silentLogger(), { dataDir });
    try {
      expect(status).toMatchObject({ kind: 'docker', available: true, fallback: false });
      expect(runtime.kind).toBe('docker');
    } finally {
      await runtime.dispose();
    }
  });
});
