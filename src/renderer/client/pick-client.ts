import type { GantryBridge } from '../../shared/api/bridge';
import { HttpClient } from './http-client';
import { IpcClient } from './ipc-client';
import { takeToken } from './token';
import type { RendererClient } from './types';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in a browser. */
    gantry?: GantryBridge;
  }
}

/** IPC inside the desktop app (the preload set `window.gantry`), HTTP in a browser. */
export function pickClient(win: Window): RendererClient {
  if (win.gantry !== undefined) return new IpcClient(win.gantry);
  return new HttpClient({
    baseUrl: win.location.origin,
    token: takeToken(win),
    fetch: win.fetch.bind(win),
  });
}
