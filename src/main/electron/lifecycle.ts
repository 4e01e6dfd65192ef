import type { App, BrowserWindow } from 'electron';
import type { Logger } from '../log/logger';
import { stopWithin } from './shutdown';

/** Longest the engine gets to stop (drain, flush, stop workers) before the app exits anyway. */
export const STOP_TIMEOUT_MS = 15_000;

/**
 * Takes the single-instance lock. A second launch focuses the first instance's window (or
 * opens it again) and exits; answers false in that second instance.
 */
export function claimSingleInstance(
  app: App,
  window: () => BrowserWindow | undefined,
  reopen: () => void,
): boolean {
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

/** The part of Electron's `app` the quit sequence uses; tests pass a fake. */
export interface QuitHooks {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(code: number): void;
}

/**
 * Quitting stops the engine first: `before-quit` is held until `stop` finishes or
 * `timeoutMs` passes, then the app exits (code 1 when the stop failed or timed out).
 */
export function stopBeforeQuit(
  app: QuitHooks,
  stop: () => Promise<void>,
  logger: Logger,
  timeoutMs = STOP_TIMEOUT_MS,
): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    logger.info('stopping');
    void stopWithin(stop, timeoutMs, logger).then((outcome) => {
      phase = 'stopped';
      logger.info('stopped', { outcome });
      app.exit(outcome === 'stopped' ? 0 : 1);
    });
  });
}

/** SIGINT/SIGTERM (a terminal, a service manager) quit the app the usual way. */
export function quitOnSignals(app: { quit(): void }, logger: Logger): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info('signal received; quitting', { signal });
      app.quit();
    });
  }
}
