import type { App, BrowserWindow } from 'electron';
import type { Logger } from '../log/logger';
import { stopWithin } from './shutdown';

/** Longest the engine gets to stop (drain, flush, stop workers) before the app exits anyway. */
export const STOP_TIMEOUT_MS = 15_000;

/**
 * Takes the single-instance lock. A second launch focuses the first instance's window (or
 * opens it again) and exits; answers false in that second instance.
 */
export function claimSingleInstance(app: App, window: () => BrowserWindow | undefined, reopen: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const current = window();
    if (current === undefined) {
      reopen();
      return;
    }
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
  });
  return true;
}

/**
 * Quitting stops the engine first: `before-quit` is held until `stop` finishes or
 * `STOP_TIMEOUT_MS` passes, then the app exits. SIGINT/SIGTERM (a terminal, a service
 * manager) quit the same way.
 */
export function stopBeforeQuit(app: App, stop: () => Promise<void>, logger: Logger): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    logger.info('stopping');
    void stopWithin(stop, STOP_TIMEOUT_MS, logger).then((outcome) => {
      phase = 'stopped';
      logger.info('stopped', { outcome });
      app.exit(outcome === 'stopped' ? 0 : 1);
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info('signal received; quitting', { signal });
      app.quit();
    });
  }
}
