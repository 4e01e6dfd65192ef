import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GantryError } from '../../../../src/shared/api/errors';
import { defaultSettings } from '../../../../src/shared/settings';
import { silentLogger } from '../../../../src/main/log/logger';
import { DockerRuntime } from '../../../../src/main/runtime/docker/docker-runtime';
import { describeEndpoint, engineError } from '../../../../src/main/runtime/docker/engine-errors';
import { FakeEngineApi } from './fake-engine-api';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-engine-errors-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runtimeFor(docker: Dockerode, probeTimeoutMs?: number): DockerRuntime {
  return new DockerRuntime(defaultSettings(), silentLogger(), {
    dataDir: dir,
    docker,
    probeTimeoutMs,
  });
}

async function probeError(runtime: DockerRuntime): Promise<GantryError> {
  const error = await runtime.probe().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GantryError))
    throw new Error(`expected a GantryError, got ${String(error)}`);
  return error;
}

describe('Docker engine errors', () => {
  it('names a missing socket', async () => {
    const socketPath = join(dir, 'nope.sock');

    const error = await probeError(runtimeFor(new Dockerode({ socketPath })));

    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      `cannot reach Docker at unix://${socketPath}: no such socket — is Docker installed and running? (or set --runtime process)`,
    );
  });

  it('names a refused TCP connection', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const error = await probeError(
      runtimeFor(new Dockerode({ host: '127.0.0.1', port, protocol: 'http' })),
    );

    expect(error.message).toBe(
      `cannot reach Docker at tcp://127.0.0.1:${port}: connection refused — is the Docker engine running? (or set --runtime process)`,
    );
  });

  it('tells a user without socket access what to do', () => {
    const denied = Object.assign(new Error('connect EACCES /var/run/docker.sock'), {
      code: 'EACCES',
    });

    const error = engineError(denied, 'unix:///var/run/docker.sock', 'ping');

    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      'cannot reach Docker at unix:///var/run/docker.sock: permission denied — add your user to the docker group or set --runtime process',
    );
    expect(error.cause).toBe(denied);
  });

  it('gives up on an engine that never answers', async () => {
    const engine = new FakeEngineApi();
    await engine.listen();
    engine.hangPing = true;
    try {
      const error = await probeError(runtimeFor(engine.client(), 100));

      expect(error.message).toBe(
        `cannot reach Docker at unix://${engine.socketPath}: no answer within 100 ms`,
      );
    } finally {
      await engine.close();
    }
  });

  it('describes the engine it reached', async () => {
    const engine = new FakeEngineApi();
    await engine.listen();
    try {
      expect(await runtimeFor(engine.client()).probe()).toBe(
        `Docker 99.0-fake (API 1.41, linux/amd64) at unix://${engine.socketPath}`,
      );
    } finally {
      await engine.close();
    }
  });

  it('writes remote endpoints as DOCKER_HOST would', () => {
    expect(
      describeEndpoint(new Dockerode({ host: '10.0.0.5', port: 2376, protocol: 'https' })),
    ).toBe('tcp://10.0.0.5:2376 (TLS)');
    expect(
      describeEndpoint(new Dockerode({ host: 'box', port: 22, protocol: 'ssh', username: 'me' })),
    ).toBe('ssh://me@box:22');
  });
});
