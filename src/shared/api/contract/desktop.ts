import { method } from '../method';
import { none } from './common';

/**
 * Channels only the desktop app has (native dialogs). They are not part of `contract`: the
 * engine does not implement them and the headless host does not serve them, so the renderer
 * feature-detects `window.gantry.desktop`.
 */
export const desktopContract = {
  /** Shows an open dialog for a trace CSV; answers its path, or null when canceled. */
  'desktop.openTraceFile': method(none).returns<{ path: string; name: string } | null>(),
};

export type DesktopMethodName = keyof typeof desktopContract;
