import { describe, expect, it } from 'vitest';
import { desktopHandlers } from '../../../src/main/electron/desktop-handlers';
import type { Dialogs } from '../../../src/main/electron/desktop-handlers';
import { inProcessInvoke } from '../../../src/main/electron/invoke';
import { registerIpcHandlers } from '../../../src/main/electron/ipc';
import { Logger, MemorySink } from '../../../src/main/log/logger';
import { METHOD_NAMES } from '../../../src/shared/api/contract';
import { desktopContract } from '../../../src/shared/api/contract/desktop';
import { GantryError } from '../../../src/shared/api/errors';
import { FakeEngine } from '../api/fake-engine';
import type { FakeInvokeEvent } from './fake-ipc';
import { FakeIpcMain } from './fake-ipc';

const noDialogs: Dialogs = {
  chooseSavePath: async () => undefined,
  chooseTraceFile: async () => '/traces/burst.csv',
};

function setup(options: { isTrustedSender?: (event: FakeInvokeEvent) => boolean } = {}) {
  const engine = new FakeEngine();
  const ipc = new FakeIpcMain();
  const sink = new MemorySink();
  const logger = new Logger([sink], 'debug');
  const { invoke, desktop } = desktopHandlers(
    inProcessInvoke(engine.handlers, logger),
    noDialogs,
    logger,
  );
  const dispose = registerIpcHandlers({
    ipc,
    isTrustedSender: options.isTrustedSender ?? ((event) => event.frame === 'app'),
    invoke,
    desktop,
    logger,
  });
  return { engine, ipc, sink, dispose };
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract and desktop channel', () => {
    const { ipc } = setup();

    const expected = [...METHOD_NAMES, ...Object.keys(desktopContract)].toSorted();
    expect([...ipc.handlers.keys()].toSorted()).toEqual(expected);
  });

  it('answers a valid call with the handler value', async () => {
    const { ipc, engine } = setup();

    const answer = await ipc.invoke('queue.enqueue', [{ payload: { n: 1 } }]);

    expect(answer).toEqual({ ok: true, value: { ids: ['t1'] } });
    expect(engine.enqueued).toEqual([{ payload: { n: 1 } }]);
  });

  it('refuses a foreign frame with forbidden, without calling the engine', async () => {
    const { ipc, engine, sink } = setup();

    const answer = await ipc.invoke('queue.enqueue', [{ payload: 1 }], 'foreign');

    expect(answer).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.any(String) },
    });
    expect(engine.enqueued).toEqual([]);
    expect(
      sink.records.some((r) => r.level === 'warn' && r.fields['method'] === 'queue.enqueue'),
    ).toBe(true);
  });

  it('refuses desktop channels from a foreign frame too', async () => {
    const { ipc } = setup();

    const answer = await ipc.invoke('desktop.openTraceFile', undefined, 'foreign');

    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers forbidden when the sender check itself throws', async () => {
    const { ipc } = setup({
      isTrustedSender: () => {
        throw new Error('window destroyed');
      },
    });

    const answer = await ipc.invoke('queue.pause', undefined);

    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers invalid_input naming the field', async () => {
    const { ipc, engine } = setup();

    const answer = await ipc.invoke('queue.enqueue', [
      { payload: 1 },
      { payload: 2, maxAttempts: 0 },
    ]);

    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: '[1].maxAttempts' },
    });
    expect(engine.enqueued).toEqual([]);
  });

  it('answers invalid_input for an unknown key of a strict input', async () => {
    const { ipc } = setup();

    const answer = await ipc.invoke('desktop.openTraceFile', { path: '/etc/passwd' });

    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps the code of a GantryError thrown by a handler', async () => {
    const { ipc } = setup();

    const missing = await ipc.invoke('tasks.get', 'no-such-task');
    const unavailable = await ipc.invoke('tasks.retry', 'x');

    expect(missing).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no task no-such-task' },
    });
    expect(unavailable).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers internal for an unexpected error, hiding its text and logging its cause', async () => {
    const { ipc, sink } = setup();

    const answer = await ipc.invoke('workers.list', undefined);

    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(answer)).not.toContain('/secret/path');
    const logged = sink.records.find((r) => r.level === 'error');
    expect(logged?.fields['method']).toBe('workers.list');
    expect(String(logged?.fields['error'])).toContain('disk on fire');
  });

  it('never rejects, even when a handler throws a non-Error', async () => {
    const engine = new FakeEngine();
    const ipc = new FakeIpcMain();
    const handlers = {
      ...engine.handlers,
      'queue.purge': () => Promise.reject(new GantryError('conflict', 'purging already')),
      'queue.pause': () => Promise.reject('a bare string'),
    };
    const logger = new Logger([]);
    registerIpcHandlers({
      ipc,
      isTrustedSender: () => true,
      ...desktopHandlers(inProcessInvoke(handlers, logger), noDialogs, logger),
      logger,
    });

    await expect(ipc.invoke('queue.purge', undefined)).resolves.toMatchObject({
      error: { code: 'conflict' },
    });
    await expect(ipc.invoke('queue.pause', undefined)).resolves.toMatchObject({
      error: { code: 'internal' },
    });
  });

  it('answers internal when the invoke itself rejects', async () => {
    const ipc = new FakeIpcMain();
    const logger = new Logger([]);
    registerIpcHandlers({
      ipc,
      isTrustedSender: () => true,
      invoke: () => Promise.reject(new Error('channel closed')),
      desktop: desktopHandlers(
        inProcessInvoke(new FakeEngine().handlers, logger),
        noDialogs,
        logger,
      ).desktop,
      logger,
    });

    await expect(ipc.invoke('queue.pause', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('removes every handler when disposed', () => {
    const { ipc, dispose } = setup();

    dispose();

    expect(ipc.handlers.size).toBe(0);
  });
});
