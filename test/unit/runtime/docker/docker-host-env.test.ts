import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../src/shared/settings';
import { silentLogger } from '../../../../src/main/log/logger';
import { DockerRuntime } from '../../../../src/main/runtime/docker/docker-runtime';
import { FakeEngineApi } from './fake-engine-api';

const saved = { host: process.env.DOCKER_HOST, tls: process.env.DOCKER_TLS_VERIFY };
let dir: string;
let engine: FakeEngineApi;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-docker-host-'));
  engine = new FakeEngineApi();
});

afterEach(async () => {
  if (saved.host === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved.host;
  if (saved.tls === undefined) delete process.env.DOCKER_TLS_VERIFY;
  else process.env.DOCKER_TLS_VERIFY = saved.tls;
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

function fromEnvironment(): DockerRuntime {
  return new DockerRuntime(defaultSettings(), silentLogger(), { dataDir: dir });
}

describe('engine address from the environment', () => {
  it('follows DOCKER_HOST=unix://', async () => {
    await engine.listen();
    process.env.DOCKER_HOST = `unix://${engine.socketPath}`;

    const runtime = fromEnvironment();

    expect(runtime.endpoint).toBe(`unix://${engine.socketPath}`);
    expect(await runtime.probe()).toContain(`at unix://${engine.socketPath}`);
  });

  it('follows DOCKER_HOST=tcp:// through the same client', async () => {
    await engine.listenTcp();
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${engine.tcpPort}`;
    delete process.env.DOCKER_TLS_VERIFY;

    const runtime = fromEnvironment();

    expect(runtime.endpoint).toBe(`tcp://127.0.0.1:${engine.tcpPort}`);
    expect(await runtime.probe()).toBe(
      `Docker 99.0-fake (API 1.41, linux/amd64) at tcp://127.0.0.1:${engine.tcpPort}`,
    );
  });

  it('speaks TLS when DOCKER_TLS_VERIFY=1, and says so when the engine does not', async () => {
    await engine.listenTcp();
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${engine.tcpPort}`;
    process.env.DOCKER_TLS_VERIFY = '1';

    const runtime = fromEnvironment();
    const error = await runtime.probe().catch((e: unknown) => e);

    expect(runtime.endpoint).toBe(`tcp://127.0.0.1:${engine.tcpPort} (TLS)`);
    expect(String(error)).toMatch(
      /^GantryError: cannot reach Docker at tcp:\/\/127\.0\.0\.1:\d+ \(TLS\): /,
    );
  });
});
