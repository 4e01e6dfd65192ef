import type { IpcMainLike } from '../../../src/main/electron/ipc';
import type { IpcRendererLike } from '../../../src/preload/bridge';

/** What the fake main side knows about a caller. */
export interface FakeInvokeEvent {
  frame: 'app' | 'foreign';
}

type MainListener = (event: FakeInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** `ipcMain` for tests: records handlers and lets a test invoke them as a page would. */
export class FakeIpcMain implements IpcMainLike<FakeInvokeEvent> {
  readonly handlers = new Map<string, MainListener>();

  handle(channel: string, listener: MainListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invoke(
    channel: string,
    input: unknown,
    frame: FakeInvokeEvent['frame'] = 'app',
  ): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`no handler for ${channel}`);
    return listener({ frame }, input);
  }
}

type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** `ipcRenderer` for tests: records invokes and lets a test push to listeners. */
export class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  private readonly listeners = new Map<string, Set<RendererListener>>();

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: channel };
  }

  on(channel: string, listener: RendererListener): this {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  /** Delivers a push as Electron does: an event object first, then the value. */
  emit(channel: string, value: unknown): void {
    const event = { sender: 'the ipc event must not reach the page' };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, value);
  }
}
