// The desktop app's composition root: security hooks, settings, the engine, IPC, the window.
// Everything here is wiring; the pieces live in ./electron (Electron-specific) and the engine
// (plain Node).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import { Menu, app, dialog, ipcMain, screen, session, shell } from 'electron';
import { DESKTOP_PUSH_CHANNELS, PUSH_CHANNELS } from '../shared/api/channels';
import type { LoadedSettings } from './config/load-settings';
import { loadSettings } from './config/load-settings';
import { ConfigError } from './config/sources';
import { rendererLocation } from './electron/app-url';
import { desktopHandlers } from './electron/desktop-handlers';
import { electronDialogs } from './electron/dialogs';
import { startEngineServices } from './electron/engine-services';
import { registerIpcHandlers } from './electron/ipc';
import { claimSingleInstance, stopBeforeQuit } from './electron/lifecycle';
import { menuTemplate } from './electron/menu';
import { PushOutbox } from './electron/pushes';
import { hardenWebContents, secureSession } from './electron/security';
import { isTrustedFrame } from './electron/sender';
import { createMainWindow } from './electron/window';
import { ConsoleSink, FileSink, Logger } from './log/logger';

// A separate profile (tests, a second install): must be set before `ready`.
const userDataOverride = process.env['GANTRY_USER_DATA'];
if (userDataOverride !== undefined && userDataOverride !== '') app.setPath('userData', userDataOverride);

const location = rendererLocation(
  process.env['ELECTRON_RENDERER_URL'],
  new URL('../renderer/index.html', import.meta.url).href,
);
const bootLogger = new Logger([new ConsoleSink()], 'info', 'app');
const outbox = new PushOutbox();
let window: BrowserWindow | undefined;

/** The app's flags: what follows `electron .` in development, the executable when packaged. */
function appArgs(): string[] {
  const args = process.argv.slice(app.isPackaged ? 1 : 2);
  // Chromium switches Electron passes along are not settings.
  return args.filter((arg) => !arg.startsWith('--inspect') && !arg.startsWith('--remote-debugging'));
}

async function loadAppSettings(): Promise<LoadedSettings> {
  // The data directory defaults to the app's own; GANTRY_DATA and --data still win.
  const env = { GANTRY_DATA: join(app.getPath('userData'), 'data'), ...process.env };
  return loadSettings({ argv: appArgs(), env, cwd: process.cwd() });
}

function openWindow(): void {
  if (window !== undefined) return;
  const opened = createMainWindow({
    preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
    location,
    statePath: join(app.getPath('userData'), 'window-state.json'),
    screen,
    logger: bootLogger,
  });
  window = opened;
  outbox.attach(opened.webContents);
  opened.webContents.on('did-start-loading', () => outbox.setReady(false));
  opened.webContents.on('did-finish-load', () => outbox.setReady(true));
  opened.on('closed', () => {
    window = undefined;
    outbox.attach(undefined);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  secureSession(session.defaultSession, location, bootLogger);

  let loaded: LoadedSettings;
  try {
    loaded = await loadAppSettings();
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : String(error);
    dialog.showErrorBox('Gantry cannot start', message);
    app.exit(2);
    return;
  }
  const { settings } = loaded;
  const logger = new Logger(
    [new ConsoleSink(), new FileSink(join(settings.data, 'gantry.log'))],
    settings.logLevel,
    'app',
  );

  const services = await startEngineServices(loaded, logger);
  stopBeforeQuit(app, services.stop, logger);
  services.engine.onSnapshot((snapshot) => outbox.send(PUSH_CHANNELS.snapshot, snapshot, 'latest'));
  services.engine.onEvent((event) => outbox.send(PUSH_CHANNELS.event, event, 'each'));

  const { handlers, desktop } = desktopHandlers(
    services.engine.handlers,
    electronDialogs(dialog, () => window),
  );
  registerIpcHandlers({
    ipc: ipcMain,
    isTrustedSender: (event) =>
      isTrustedFrame(event.senderFrame, window?.webContents.mainFrame, location),
    handlers,
    desktop,
    logger,
  });
  const template = menuTemplate({
    platform: process.platform,
    dev: location.dev,
    send: (command) => outbox.send(DESKTOP_PUSH_CHANNELS.menu, command, 'each'),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  openWindow();
  app.on('activate', openWindow);
  app.on('window-all-closed', () => {
    // macOS keeps apps (and here the engine) running with no window; elsewhere closing quits.
    if (process.platform !== 'darwin') app.quit();
  });
  logger.info('desktop app ready', { data: settings.data, renderer: location.url });
}

hardenWebContents(app, location, shell, bootLogger);
if (claimSingleInstance(app, () => window, () => (app.isReady() ? openWindow() : undefined))) {
  start().catch((error: unknown) => {
    bootLogger.error('the app failed to start', { error });
    dialog.showErrorBox('Gantry failed to start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
} else {
  app.quit();
}
