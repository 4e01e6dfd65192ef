import type { ApiHost } from '../api/host';
import { startApiHost } from '../api/host';
import type { HttpServerHandle } from '../api/server';
import type { LoadedSettings } from '../config/load-settings';
import { loadOrCreateToken } from '../config/token';
import { createEngine } from '../engine/create-engine';
import type { Engine } from '../engine/types';
import type { Logger } from '../log/logger';

/** The engine and its local HTTP API, as the desktop app runs them. */
export interface EngineServices {
  engine: Engine;
  /** Undefined when the API could not listen (the app works without it). */
  http: HttpServerHandle | undefined;
  /** Stops the API, then the engine (traffic, autoscaler, dispatcher, workers, queue). */
  stop(): Promise<void>;
}

/**
 * Starts the engine in the calling process (the app's engine process), then the local HTTP
 * API so other programs can submit tasks while the app is open. A taken port is logged and
 * the app goes on without the API: the window does not need it.
 */
export async function startEngineServices(
  loaded: LoadedSettings,
  logger: Logger,
): Promise<EngineServices> {
  const { settings, file } = loaded;
  const engine = await createEngine(settings, {
    logger,
    persistSettings: (next) => file.save(next),
  });
  await engine.start();

  let api: ApiHost | undefined;
  try {
    const token = await loadOrCreateToken(settings.data, settings.apiToken);
    api = await startApiHost(engine, settings, token, { logger });
    const tokenFrom = api.token.source === 'flag' ? 'the apiToken setting' : api.token.path;
    logger.info('local API listening', { url: api.http.url, token: tokenFrom });
  } catch (error) {
    logger.warn('local API not started; the app runs without it', { port: settings.port, error });
  }

  return {
    engine,
    http: api?.http,
    async stop() {
      await api?.close();
      await engine.stop();
    },
  };
}
