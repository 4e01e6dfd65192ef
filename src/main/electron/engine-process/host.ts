import { join } from 'node:path';
import { GantryError } from '../../../shared/api/errors';
import { loadSettings } from '../../config/load-settings';
import { ConfigError } from '../../config/sources';
import { ConsoleSink, FileSink, Logger } from '../../log/logger';
import type { EngineServices } from '../engine-services';
import { startEngineServices } from '../engine-services';
import { inProcessInvoke } from '../invoke';
import type { FromEngine, MessagePortLike, ToEngine } from './protocol';

/**
 * The engine's side of the engine process: on `start` it loads the settings and starts the
 * engine and the local API (as `gantry serve` does), then answers calls (validated here, by
 * `invokeMethod`) and forwards snapshots and events. `exit` ends the process after `stop`.
 */
export function serveEngine(
  port: MessagePortLike<ToEngine, FromEngine>,
  exit: (code: number) => void,
): void {
  let services: EngineServices | undefined;
  let logger = new Logger([new ConsoleSink()], 'info', 'engine-process');
  let stopping = false;

  port.onMessage((message) => {
    switch (message.type) {
      case 'start':
        void start(message).catch((error: unknown) => {
          const config = error instanceof ConfigError;
          if (!config) logger.error('the engine failed to start', { error });
          port.post({
            type: 'fatal',
            message: error instanceof Error ? error.message : String(error),
            config,
          });
          exit(1);
        });
        return;
      case 'call':
        void call(message.id, message.method, message.input);
        return;
      case 'stop':
        void stop();
    }
  });

  async function start(message: Extract<ToEngine, { type: 'start' }>): Promise<void> {
    const loaded = await loadSettings({ argv: message.argv, env: message.env, cwd: message.cwd });
    const { settings } = loaded;
    logger = new Logger(
      [new ConsoleSink(), new FileSink(join(settings.data, 'gantry.log'))],
      settings.logLevel,
      'engine-process',
    );
    services = await startEngineServices(loaded, logger);
    services.engine.onSnapshot((snapshot) => port.post({ type: 'snapshot', snapshot }));
    services.engine.onEvent((event) => port.post({ type: 'event', event }));
    port.post({
      type: 'started',
      apiUrl: services.http?.url,
      data: settings.data,
      logLevel: settings.logLevel,
    });
  }

  async function call(
    id: number,
    method: Extract<ToEngine, { type: 'call' }>['method'],
    input: unknown,
  ) {
    if (services === undefined || stopping) {
      const error = new GantryError('unavailable', 'the engine is not running').toBody();
      port.post({ type: 'result', id, result: { ok: false, error } });
      return;
    }
    const result = await inProcessInvoke(services.engine.handlers, logger)(method, input);
    port.post({ type: 'result', id, result });
  }

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    try {
      await services?.stop();
    } catch (error) {
      logger.error('stop failed', { error });
    }
    port.post({ type: 'stopped' });
    exit(0);
  }
}
