import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, screen, session, shell } from 'electron';
import { ConsoleSink, Logger } from './log/logger';
import { rendererLocation } from './electron/app-url';
import { hardenWebContents, secureSession } from './electron/security';
import { createMainWindow } from './electron/window';

const logger = new Logger([new ConsoleSink()], 'info', 'app');
const location = rendererLocation(
  process.env['ELECTRON_RENDERER_URL'],
  new URL('../renderer/index.html', import.meta.url).href,
);

hardenWebContents(app, location, shell, logger);

app.whenReady().then(() => {
  secureSession(session.defaultSession, location, logger);
  createMainWindow({
    preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
    location,
    statePath: join(app.getPath('userData'), 'window-state.json'),
    screen,
    logger,
  });
});
