import { describe, expect, it } from 'vitest';
import { PUSH_CHANNELS } from '../../src/shared/api/channels';
import type { Result } from '../../src/shared/api/errors';
import { GantryError } from '../../src/shared/api/errors';
import type { Snapshot } from '../../src/shared/snapshot';
import type { IpcRendererLike } from '../../src/preload/bridge';
import { buildBridge } from '../../src/preload/bridge';
import { IpcClient } from '../../src/renderer/client/ipc-client';
import type { ConnectionState } from '../../src/renderer/client/types';
import { snapshot } from './fixtures';

type Handler = (event: unknown, ...args: unknown[]) => void;

/** Electron's ipcRenderer as the preload sees it, answering invokes from a table. */
class FakeIpc implements IpcRendererLike {
  readonly invoked: { channel: string; input: unknown }[] = [];
  readonly handlers = new Map<string, Set<Handler>>();

  constructor(private readonly answers: Record<string, Result<unknown>>) {}

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, input: args[0] });
    return (
      this.answers[channel] ?? { ok: false, error: { code: 'internal', message: 'no answer' } }
    );
  }

  on(channel: string, listener: Handler): void {
    const set = this.handlers.get(channel) ?? new Set<Handler>();
    set.add(listener);
    this.handlers.set(channel, set);
  }

  removeListener(channel: string, listener: Handler): void {
    this.handlers.get(channel)?.delete(listener);
  }

  push(channel: string, value: unknown): void {
    for (const handler of this.handlers.get(channel) ?? []) handler({ sender: 'main' }, value);
  }
}

describe('IpcClient over the preload bridge', () => {
  it('unwraps an ok result into its value', async () => {
    const ipc = new FakeIpc({ 'queue.enqueue': { ok: true, value: { ids: ['t1'] } } });
    const client = new IpcClient(buildBridge(ipc));

    await expect(client.call('queue.enqueue', [{ payload: 1 }])).resolves.toEqual({ ids: ['t1'] });
    expect(ipc.invoked).toEqual([{ channel: 'queue.enqueue', input: [{ payload: 1 }] }]);
  });

  it('throws a GantryError keeping the code, field and retry hint', async () => {
    const error = { code: 'queue_full' as const, message: 'full', field: 'tasks', retryAfterS: 2 };
    const client = new IpcClient(
      buildBridge(new FakeIpc({ 'queue.enqueue': { ok: false, error } })),
    );

    const thrown = await client.call('queue.enqueue', [{ payload: 1 }]).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(GantryError);
    expect(thrown).toMatchObject({
      code: 'queue_full',
      message: 'full',
      extra: { field: 'tasks', retryAfterS: 2 },
    });
  });

  it('forwards pushes until unsubscribed, and is always connected', () => {
    const ipc = new FakeIpc({});
    const client = new IpcClient(buildBridge(ipc));
    const seen: Snapshot[] = [];
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    const off = client.onSnapshot((s) => seen.push(s));

    ipc.push(PUSH_CHANNELS.snapshot, snapshot(1, 10));
    off();
    ipc.push(PUSH_CHANNELS.snapshot, snapshot(2, 20));

    expect(seen.map((s) => s.seq)).toEqual([1]);
    expect(states).toEqual([{ status: 'connected' }]);
    expect(client.desktop).toBeDefined();
  });
});
