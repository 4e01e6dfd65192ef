import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EngineProcessClient,
  EngineStartError,
} from '../../../src/main/electron/engine-process/client';
import { forkNodeEngine } from '../../../src/main/electron/engine-process/node-child';
import type { Snapshot } from '../../../src/shared/snapshot';

// The engine process for real: a Node child running the same entry the app runs as an
// Electron utility process, with a real engine (local worker processes, journal on disk).
const clients: EngineProcessClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.stop()));
});

/** Starts an engine process (the TypeScript entry unless `entry` names the built one). */
function startEngine(extra: string[] = [], entry?: URL): EngineProcessClient {
  const data = mkdtempSync(join(tmpdir(), 'gantry-engine-process-'));
  const argv = ['--data', data, '--port', '0', '--runtime', 'process', '--min-workers', '0'];
  const client = new EngineProcessClient(forkNodeEngine(entry), {
    argv: [...argv, ...extra],
    env: {},
    cwd: process.cwd(),
  });
  clients.push(client);
  return client;
}

describe('engine process', () => {
  it('starts the engine and the local API and answers calls, validating there', async () => {
    const client = startEngine();

    const started = await client.started;
    const settings = await client.invoke('settings.get', undefined);
    const enqueued = await client.invoke('queue.enqueue', [{ payload: { hello: 1 } }]);
    const invalid = await client.invoke('queue.enqueue', [{ payload: 1, maxAttempts: -1 }]);

    expect(started.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(settings).toMatchObject({ ok: true, value: { runtime: 'process', minWorkers: 0 } });
    expect(enqueued).toMatchObject({ ok: true, value: { ids: [expect.any(String)] } });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: '[0].maxAttempts' },
    });
  });

  it('pushes snapshots as the state changes', async () => {
    const client = startEngine();
    const snapshot = new Promise<Snapshot>((resolve) => {
      client.onSnapshot((s) => {
        if (s.queue.counts.queued + s.queue.counts.running > 0) resolve(s);
      });
    });
    await client.started;

    await client.invoke('queue.enqueue', [{ payload: 'wake' }]);

    await expect(snapshot).resolves.toMatchObject({ queue: { counts: expect.any(Object) } });
  });

  it('reports a settings error as a config start error', async () => {
    const client = startEngine(['--max-workers', 'lots']);

    const failure = await client.started.then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(EngineStartError);
    expect(failure).toMatchObject({
      config: true,
      message: expect.stringContaining('--max-workers'),
    });
  });

  it('stops in order, then answers calls unavailable', async () => {
    const client = startEngine();
    await client.started;

    await client.stop();
    const answer = await client.invoke('queue.pause', undefined);

    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

// The bundle the app starts as a utility process (`npm test` builds before vitest runs).
const builtEntry = new URL('../../../out/main/engine.js', import.meta.url);

describe.skipIf(!existsSync(builtEntry))('built engine process', () => {
  it('runs a task on a reference worker started from the bundle', async () => {
    const client = startEngine(['--min-workers', '1', '--max-workers', '1'], builtEntry);
    const done = new Promise<Snapshot>((resolve) => {
      client.onSnapshot((s) => {
        if (s.queue.counts.succeeded > 0) resolve(s);
      });
    });
    await client.started;

    const enqueued = await client.invoke('queue.enqueue', [{ payload: { workMs: 1 } }]);

    expect(enqueued).toMatchObject({ ok: true });
    await expect(done).resolves.toMatchObject({ queue: { counts: { succeeded: 1 } } });
  });
});
