import { describe, expect, it } from 'vitest';
import type { EngineChild } from '../../../src/main/electron/engine-process/client';
import { EngineProcessClient } from '../../../src/main/electron/engine-process/client';
import type { FromEngine, ToEngine } from '../../../src/main/electron/engine-process/protocol';
import { EngineSupervisor } from '../../../src/main/electron/engine-process/supervisor';
import { Logger, MemorySink } from '../../../src/main/log/logger';
import { FakeEngine } from '../api/fake-engine';

/** An engine process the test drives: it answers `start` and calls as told. */
class ScriptedChild implements EngineChild {
  readonly received: ToEngine[] = [];
  private messageListener: (message: FromEngine) => void = () => {};
  private exitListener: (code: number) => void = () => {};
  killed = false;

  post(message: ToEngine): void {
    this.received.push(message);
    if (message.type === 'start') {
      queueMicrotask(() =>
        this.emit({ type: 'started', apiUrl: undefined, data: '/tmp/d', logLevel: 'info' }),
      );
    }
    if (message.type === 'call') {
      queueMicrotask(() =>
        this.emit({ type: 'result', id: message.id, result: { ok: true, value: this.name } }),
      );
    }
    if (message.type === 'stop') queueMicrotask(() => this.exit(0));
  }

  constructor(readonly name: string) {}

  onMessage(listener: (message: FromEngine) => void): void {
    this.messageListener = listener;
  }

  onExit(listener: (code: number) => void): void {
    this.exitListener = listener;
  }

  kill(): void {
    this.killed = true;
  }

  emit(message: FromEngine): void {
    this.messageListener(message);
  }

  exit(code: number): void {
    this.exitListener(code);
  }
}

function supervise(options: { maxRestarts?: number; now?: () => number } = {}) {
  const children: ScriptedChild[] = [];
  const sink = new MemorySink();
  const supervisor = new EngineSupervisor({
    spawn: () => {
      const child = new ScriptedChild(`engine-${children.length + 1}`);
      children.push(child);
      return child;
    },
    start: { argv: [], env: {}, cwd: '/' },
    logger: new Logger([sink]),
    ...options,
  });
  return { supervisor, children, sink };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('EngineSupervisor', () => {
  it('routes calls to the engine process', async () => {
    const { supervisor } = supervise();
    await supervisor.start();

    await expect(supervisor.invoke('queue.pause', undefined)).resolves.toEqual({
      ok: true,
      value: 'engine-1',
    });
  });

  it('restarts a crashed engine and keeps subscriptions', async () => {
    const { supervisor, children } = supervise();
    const snapshots: unknown[] = [];
    supervisor.onSnapshot((snapshot) => snapshots.push(snapshot.seq));
    await supervisor.start();

    children[0]?.exit(137);
    await settle();
    children[1]?.emit({ type: 'snapshot', snapshot: { ...new FakeEngine().snapshot(), seq: 42 } });

    expect(children).toHaveLength(2);
    expect(snapshots).toEqual([42]);
    await expect(supervisor.invoke('queue.pause', undefined)).resolves.toEqual({
      ok: true,
      value: 'engine-2',
    });
  });

  it('answers unavailable for a call in flight when the engine dies', async () => {
    const { supervisor, children } = supervise();
    await supervisor.start();
    const child = children[0];
    if (child === undefined) throw new Error('no child');
    child.post = (message) => child.received.push(message);

    const pending = supervisor.invoke('queue.purge', undefined);
    child.exit(1);

    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('gives up after too many crashes within the window', async () => {
    const { supervisor, children } = supervise({ maxRestarts: 2, now: () => 1000 });
    const reasons: string[] = [];
    supervisor.onGiveUp((reason) => reasons.push(reason));
    await supervisor.start();

    for (let i = 0; i < 3; i++) {
      children.at(-1)?.exit(1);
      await settle();
    }

    expect(children).toHaveLength(3);
    expect(reasons).toHaveLength(1);
    await expect(supervisor.invoke('queue.pause', undefined)).resolves.toMatchObject({
      error: { code: 'unavailable' },
    });
  });

  it('does not restart after a requested stop', async () => {
    const { supervisor, children } = supervise();
    await supervisor.start();

    await expect(supervisor.stop(1000)).resolves.toBe('stopped');
    await settle();

    expect(children).toHaveLength(1);
    expect(children[0]?.received.map((m) => m.type)).toEqual(['start', 'stop']);
  });

  it('kills an engine that does not stop in time', async () => {
    const { supervisor, children } = supervise();
    await supervisor.start();
    const child = children[0];
    if (child === undefined) throw new Error('no child');
    child.post = (message) => child.received.push(message);

    await expect(supervisor.stop(10)).resolves.toBe('timed-out');
    expect(child.killed).toBe(true);
  });
});

describe('EngineProcessClient', () => {
  it('holds calls made while the engine starts and sends them once it is up', async () => {
    const child = new ScriptedChild('slow');
    const started = { type: 'started', apiUrl: undefined, data: '/d', logLevel: 'info' } as const;
    child.post = (message) => {
      child.received.push(message);
      if (message.type === 'call')
        child.emit({ type: 'result', id: message.id, result: { ok: true, value: 1 } });
    };
    const client = new EngineProcessClient(child, { argv: [], env: {}, cwd: '/' });

    const answer = client.invoke('queue.pause', undefined);
    await settle();
    expect(child.received.map((m) => m.type)).toEqual(['start']);
    child.emit(started);

    await expect(answer).resolves.toEqual({ ok: true, value: 1 });
  });

  it('answers unavailable when the engine fails to start', async () => {
    const child = new ScriptedChild('broken');
    child.post = (message) => child.received.push(message);
    const client = new EngineProcessClient(child, { argv: [], env: {}, cwd: '/' });

    const answer = client.invoke('queue.pause', undefined);
    child.emit({ type: 'fatal', message: '--port: expected a number', config: true });

    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await expect(client.started).rejects.toMatchObject({ config: true });
  });
});
