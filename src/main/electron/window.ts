import type { Screen } from 'electron';
import { BrowserWindow } from 'electron';
import type { Logger } from '../log/logger';
import type { RendererLocation } from './app-url';
import { secureWebPreferences } from './security';
import type { Rect } from './window-state';
import {
  MIN_SIZE,
  clampToDisplays,
  defaultBounds,
  readWindowState,
  writeWindowState,
} from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  location: RendererLocation;
  /** The window-state file (in userData). */
  statePath: string;
  screen: Screen;
  logger: Logger;
}

/**
 * Opens the dashboard window where it was last closed (clamped to the displays present),
 * shows it once the first paint is ready, and remembers its bounds when it closes.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { location, logger } = options;
  const workAreas = displayWorkAreas(options.screen);
  const saved = readWindowState(options.statePath);
  const bounds =
    saved === undefined ? defaultBounds(workAreas) : clampToDisplays(saved.bounds, workAreas);

  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Gantry',
    backgroundColor: '#111418',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (saved?.maximized === true) window.maximize();

  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      writeWindowState(options.statePath, {
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      logger.warn('could not save the window position', { error, path: options.statePath });
    }
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
  });

  window.loadURL(location.url).catch((error: unknown) => {
    logger.error('could not load the renderer', { url: location.url, error });
  });
  return window;
}

/** Work areas of the connected displays, primary first. */
function displayWorkAreas(screen: Screen): Rect[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return [primary, ...others].map((display) => display.workArea);
}
