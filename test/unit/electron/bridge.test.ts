import { describe, expect, it } from 'vitest';
import { buildBridge } from '../../../src/preload/bridge';
import { splitMethod } from '../../../src/shared/api/bridge';
import { DESKTOP_PUSH_CHANNELS, PUSH_CHANNELS } from '../../../src/shared/api/channels';
import { METHOD_NAMES } from '../../../src/shared/api/contract';
import { FakeIpcRenderer } from './fake-ipc';

describe('buildBridge', () => {
  it('exposes one function per contract channel that invokes that channel with the input', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = buildBridge(ipc);

    for (const method of METHOD_NAMES) {
      const [domain, verb] = splitMethod(method);
      const group: unknown = Reflect.get(bridge, domain);
      const fn: unknown =
        typeof group === 'object' && group !== null ? Reflect.get(group, verb) : undefined;
      expect(typeof fn).toBe('function');
      if (typeof fn === 'function') await fn({ probe: method });
    }

    expect(ipc.invoked).toEqual(
      METHOD_NAMES.map((channel) => ({ channel, args: [{ probe: channel }] })),
    );
  });

  it('answers what the main process answers', async () => {
    const bridge = buildBridge(new FakeIpcRenderer());

    await expect(bridge.queue.pause(undefined)).resolves.toEqual({
      ok: true,
      value: 'queue.pause',
    });
    await expect(bridge.desktop?.openTraceFile()).resolves.toEqual({
      ok: true,
      value: 'desktop.openTraceFile',
    });
  });

  it('exposes the domains, the two subscriptions and the desktop group, nothing else', () => {
    const bridge = buildBridge(new FakeIpcRenderer());
    const domains = new Set(METHOD_NAMES.map((method) => splitMethod(method)[0]));

    expect(Object.keys(bridge).toSorted()).toEqual(
      [...domains, 'desktop', 'onEvent', 'onSnapshot'].toSorted(),
    );
    expect(Object.keys(bridge.desktop ?? {}).toSorted()).toEqual(['onMenu', 'openTraceFile']);
  });

  it('passes pushes to listeners without the IPC event and removes them on dispose', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = buildBridge(ipc);
    const received: unknown[] = [];

    const dispose = bridge.onEvent((event) => received.push(event));
    ipc.emit(PUSH_CHANNELS.event, { seq: 1 });
    dispose();
    dispose();
    ipc.emit(PUSH_CHANNELS.event, { seq: 2 });

    expect(received).toEqual([{ seq: 1 }]);
    expect(ipc.listenerCount(PUSH_CHANNELS.event)).toBe(0);
  });

  it('delivers snapshots and menu commands on their own channels', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = buildBridge(ipc);
    const snapshots: unknown[] = [];
    const commands: unknown[] = [];

    bridge.onSnapshot((snapshot) => snapshots.push(snapshot));
    bridge.desktop?.onMenu((command) => commands.push(command));
    ipc.emit(PUSH_CHANNELS.snapshot, { seq: 7 });
    ipc.emit(DESKTOP_PUSH_CHANNELS.menu, { type: 'show-shortcuts' });

    expect(snapshots).toEqual([{ seq: 7 }]);
    expect(commands).toEqual([{ type: 'show-shortcuts' }]);
  });
});
