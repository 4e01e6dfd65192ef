// The desktop app's composition root: security hooks, the engine process, IPC, the window.
// Everything here is wiring; the pieces live in ./electron (Electron-specific) and the engine
// (plain Node). The engine, with the local HTTP API, runs in its own utility process: in
// this process it held the event loop for up to 100+ ms under a burst, which the window's
// IPC and pushes would wait out (docs/benchmarks.md, "Main-process event loop").
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { Menu, app, dialog, ipcMain, screen, session, shell } from 'electron';
import { DESKTOP_PUSH_CHANNELS } from '../shared/api/channels';
import { appArgs } from './electron/app-args';
import { rendererLocation } from './electron/app-url';
import { DeferredSink } from './electron/deferred-sink';
import { desktopHandlers } from './electron/desktop-handlers';
import { electronDialogs } from './electron/dialogs';
import type { EngineStarted } from './electron/engine-process/client';
import { EngineStartError } from './electron/engine-process/client';
import { EngineSupervisor } from './electron/engine-process/supervisor';
import { forkUtilityEngine } from './electron/engine-process/utility-child';
import { registerIpcHandlers } from './electron/ipc';
import {
  STOP_TIMEOUT_MS,
  claimSingleInstance,
  quitOnSignals,
  stopBeforeQuit,
} from './electron/lifecycle';
import { menuTemplate } from './electron/menu';
import { PushOutbox, followPage, forwardEnginePushes } from './electron/pushes';
import { hardenWebContents, secureSession } from './electron/security';
import { isTrustedFrame } from './electron/sender';
import { createMainWindow } from './electron/window';
import { ConsoleSink, FileSink, Logger } from './log/logger';

// Every renderer sandboxed, whatever a window's options say; must precede `ready`.
app.enableSandbox();
// A separate profile (tests, a second install): must be set before `ready`.
const userDataOverride = process.env['GANTRY_USER_DATA'];
if (userDataOverride !== undefined && userDataOverride !== '')
  app.setPath('userData', userDataOverride);

const location = rendererLocation(
  process.env['ELECTRON_RENDERER_URL'],
  new URL('../renderer/index.html', import.meta.url).href,
);
const bootLogger = new Logger([new ConsoleSink()], 'info', 'app');
const outbox = new PushOutbox();
let window: BrowserWindow | undefined;

/** The engine's settings sources; the data directory defaults to the app's own. */
function engineStart() {
  // GANTRY_DATA and --data still win over this default.
  const env = { GANTRY_DATA: join(app.getPath('userData'), 'data'), ...process.env };
  return { argv: appArgs(process.argv, app.isPackaged), env, cwd: process.cwd() };
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
  followPage(outbox, opened.webContents);
  opened.on('closed', () => {
    window = undefined;
    outbox.attach(undefined);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  secureSession(session.defaultSession, location, bootLogger);
  const logFile = new DeferredSink();
  const logger = new Logger([new ConsoleSink(), logFile], 'info', 'app');

  // The window opens at once; its calls wait until the engine is up and pushes begin then
  // (starting may build the worker image or adopt containers left from a previous run).
  const engine = new EngineSupervisor({
    spawn: () => forkUtilityEngine(fileURLToPath(new URL('./engine.js', import.meta.url))),
    start: engineStart(),
    logger,
  });
  // The supervisor bounds the engine's stop itself (then kills it); the outer bound is a
  // little longer so that kill happens before the app exits.
  const stopEngine = () => engine.stop(STOP_TIMEOUT_MS).then(() => undefined);
  stopBeforeQuit(app, stopEngine, logger, STOP_TIMEOUT_MS + 2000);
  quitOnSignals(app, logger);
  forwardEnginePushes(engine, outbox);
  const { invoke, desktop } = desktopHandlers(
    engine.invoke,
    electronDialogs(dialog, () => window),
    logger,
  );
  registerIpcHandlers({
    ipc: ipcMain,
    isTrustedSender: (event: IpcMainInvokeEvent) =>
      isTrustedFrame(event.senderFrame, window?.webContents.mainFrame, location),
    invoke,
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

  let quitting = false;
  app.once('before-quit', () => (quitting = true));
  let started: EngineStarted;
  try {
    started = await engine.start();
  } catch (error) {
    // Quitting while the engine started ends its process: nothing to report then.
    if (quitting) return;
    const settingsError = error instanceof EngineStartError && error.config;
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox(
      settingsError ? 'Gantry: invalid settings' : 'Gantry cannot start',
      message,
    );
    app.exit(2);
    return;
  }
  logFile.attach(new FileSink(join(started.data, 'gantry.log')));
  engine.onGiveUp((reason) => {
    dialog.showErrorBox(
      'Gantry: the engine stopped',
      `${reason}. See ${join(started.data, 'gantry.log')}.`,
    );
    app.quit();
  });
  logger.info('desktop app ready', {
    data: started.data,
    api: started.apiUrl,
    renderer: location.url,
  });
}

hardenWebContents(app, location, shell, bootLogger);
if (
  claimSingleInstance(
    app,
    () => window,
    () => (app.isReady() ? openWindow() : undefined),
  )
) {
  start().catch((error: unknown) => {
    bootLogger.error('the app failed to start', { error });
    dialog.showErrorBox(
      'Gantry failed to start',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
  });
} else {
  app.quit();
}
