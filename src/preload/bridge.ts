import type { DesktopBridge, GantryBridge } from '../shared/api/bridge';
import {
  DESKTOP_METHOD_NAMES,
  DESKTOP_PUSH_CHANNELS,
  METHOD_NAME_LIST,
  PUSH_CHANNELS,
} from '../shared/api/channels';

/** The part of Electron's `ipcRenderer` the bridge uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Invoke = (input?: unknown) => Promise<unknown>;
type Listener<T> = (value: T) => void;

/**
 * Builds `window.gantry` from the channel list: `gantry.queue.enqueue(tasks)` invokes
 * `queue.enqueue`. Only plain functions cross the context bridge; `ipcRenderer` itself and
 * the IPC event objects (which hold `sender`) never reach the page.
 */
export function buildBridge(ipc: IpcRendererLike): GantryBridge {
  const domains = groupByDomain(METHOD_NAME_LIST, ipc);
  const desktop = groupByDomain(DESKTOP_METHOD_NAMES, ipc)['desktop'];
  const bridge = {
    ...domains,
    onSnapshot: (listener: Listener<unknown>) => subscribe(ipc, PUSH_CHANNELS.snapshot, listener),
    onEvent: (listener: Listener<unknown>) => subscribe(ipc, PUSH_CHANNELS.event, listener),
    desktop: {
      ...desktop,
      onMenu: (listener: Listener<unknown>) => subscribe(ipc, DESKTOP_PUSH_CHANNELS.menu, listener),
    },
  };
  // The object is built from the same channel list the type is derived from; the unit test
  // checks every channel of the contract is present and reaches ipcRenderer.invoke.
  return bridge as unknown as GantryBridge & { desktop: DesktopBridge };
}

function groupByDomain(
  names: readonly string[],
  ipc: IpcRendererLike,
): Record<string, Record<string, Invoke>> {
  const domains: Record<string, Record<string, Invoke>> = {};
  for (const name of names) {
    const dot = name.indexOf('.');
    const domain = name.slice(0, dot);
    const verb = name.slice(dot + 1);
    const methods = (domains[domain] ??= {});
    // `undefined` is structured-cloned as is; the main process treats it as "no input".
    methods[verb] = (input?: unknown) => ipc.invoke(name, input);
  }
  return domains;
}

function subscribe<T>(ipc: IpcRendererLike, channel: string, listener: Listener<T>): () => void {
  const forward = (_event: unknown, value: unknown) => listener(value as T);
  ipc.on(channel, forward);
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    ipc.removeListener(channel, forward);
  };
}
