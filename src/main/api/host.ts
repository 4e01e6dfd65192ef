import type { Settings } from '../../shared/settings';
import { removeServerFile, writeServerFile } from '../config/api-target';
import type { ApiToken } from '../config/token';
import type { Engine } from '../engine/types';
import type { Logger } from '../log/logger';
import type { HttpServerHandle } from './server';
import { startHttpServer } from './server';

/** The local API as `gantry serve` and the app run it. */
export interface ApiHost {
  http: HttpServerHandle;
  token: ApiToken;
  /** Closes the server, then removes the server file (no command finds a closed API). */
  close(): Promise<void>;
}

/**
 * Serves `engine` on the configured port with the install's token (`loadOrCreateToken`,
 * which `gantry serve` loads before the engine so that it creates the data directory
 * private), and writes the server file through which CLI commands find it. Rejects with the
 * listen error (`EADDRINUSE`...) when the port is taken.
 */
export async function startApiHost(
  engine: Engine,
  settings: Settings,
  token: ApiToken,
  options: { logger: Logger; staticDir?: string },
): Promise<ApiHost> {
  const http = await startHttpServer(engine, {
    port: settings.port,
    token: token.token,
    maxPayloadBytes: settings.maxPayload,
    staticDir: options.staticDir,
    logger: options.logger,
  });
  try {
    await writeServerFile(settings.data, http.url);
  } catch (error) {
    await http.close();
    throw error;
  }
  return {
    http,
    token,
    async close() {
      await http.close();
      await removeServerFile(settings.data);
    },
  };
}
