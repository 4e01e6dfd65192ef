import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GantryError } from '../../shared/api/errors';
import type { ApiHost } from '../../main/api/host';
import { startApiHost } from '../../main/api/host';
import type { LoadedSettings } from '../../main/config/load-settings';
import { loadSettings } from '../../main/config/load-settings';
import { SETTING_KEYS } from '../../main/config/setting-keys';
import { ConfigError } from '../../main/config/sources';
import type { ApiToken } from '../../main/config/token';
import { loadOrCreateToken } from '../../main/config/token';
import { createEngine } from '../../main/engine/create-engine';
import type { Engine } from '../../main/engine/types';
import { ConsoleSink, FileSink, Logger } from '../../main/log/logger';
import type { Command } from '../command';
import { UsageError } from '../command';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const USAGE = `gantry serve: the engine and the dashboard without Electron (= npm run headless)

Usage: gantry serve [flags]

  --port 7070            API and dashboard port on 127.0.0.1 (0 picks a free one)
  --data ./gantry-data   queue journal, event log, settings.json, api-token, gantry.log
  --runtime auto|docker|process
  --min-workers 1        --max-workers 10        --worker-concurrency 4
  --policy predictive    --cooldown 30s          --image NAME
  --max-payload 1mb      --max-queue 100000      --api-token TOKEN
  --log-level info       --durability fsync|relaxed
  --config FILE          settings file (default <data>/settings.json)
  --json                 print the addresses as one JSON line instead of text
  --repair-queue         open a damaged queue journal by keeping the history before the
                         damage (the rest is set aside as a .damaged file beside it)

Every setting is also a flag (kebab-case, e.g. --docker-memory 1gb, --no-docker-read-only-rootfs)
and an environment variable GANTRY_<NAME> (GANTRY_MIN_WORKERS=2). Flags win over the
environment, which wins over the settings file.

All settings:
${wrap(SETTING_KEYS.map((key) => `--${key.flag}`), 96, '  ')}`;

function wrap(words: string[], width: number, indent: string): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.length + word.length + 1 > width && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

/** What a started server prints: where everything is. */
interface Addresses {
  url: string;
  dashboard: string | null;
  tokenFile: string | null;
  dataDir: string;
  runtime: string;
  runtimeDetail: string;
  pid: number;
}

/** Fails early, naming the flag, when the port is taken (before workers start). */
function checkPortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portError(port, error)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort()));
  });
}

function portError(port: number, error: NodeJS.ErrnoException): Error {
  if (error.code === 'EADDRINUSE') {
    return new UsageError(
      `port ${port} is in use (another gantry?). Choose another with --port N or GANTRY_PORT, ` +
        'or --port 0 for any free port',
    );
  }
  if (error.code === 'EACCES') {
    return new UsageError(`port ${port} needs privileges; use --port 1024 or above`);
  }
  return error;
}

async function load(argv: string[]): Promise<LoadedSettings> {
  try {
    return await loadSettings({ argv, env: process.env, cwd: process.cwd() });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function describe(addresses: Addresses, token: ApiToken): string {
  const auth =
    token.source === 'flag' ? 'Bearer <your --api-token>' : `Bearer $(cat ${token.path})`;
  const lines = [
    'gantry is running',
    addresses.dashboard === null
      ? `  dashboard   not built: run \`npm run build\` (the API works without it)`
      : `  dashboard   ${addresses.dashboard}`,
    `  API         ${addresses.url}  (Authorization: Bearer <token>)`,
    `  token       ${token.source === 'flag' ? 'from --api-token / GANTRY_API_TOKEN' : token.path}`,
    `  runtime     ${addresses.runtime} (${addresses.runtimeDetail})`,
    `  data        ${addresses.dataDir}`,
    '',
    'Try it:',
    `  curl -H "Authorization: ${auth}" -H 'Content-Type: application/json' \\`,
    `       -d '{"payload": {"workMs": 500}}' ${addresses.url}/enqueue-task`,
    '',
    'Ctrl+C stops it (twice: at once).',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Stops on the first SIGINT/SIGTERM, a second one exits at once. Installed before the
 * engine starts, so a signal during start-up still stops it in order; `exit` resolves with
 * the exit code once stopped.
 */
class SignalStop {
  readonly exit: Promise<number>;
  private resolveExit: (code: number) => void = () => undefined;
  private stopping = false;
  private stopWith: (() => Promise<void>) | undefined;
  private readonly handler = (signal: NodeJS.Signals): void => this.onSignal(signal);

  constructor(private readonly logger: Logger) {
    this.exit = new Promise((done) => {
      this.resolveExit = done;
    });
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  /** What stopping means once the parts exist; a signal that came earlier applies now. */
  ready(stop: () => Promise<void>): void {
    this.stopWith = stop;
    if (this.stopping) this.run();
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.stopping) {
      process.stderr.write(`gantry: ${signal} again: exiting now\n`);
      process.exit(130);
    }
    this.stopping = true;
    process.stderr.write(`gantry: ${signal}: stopping (again to force)\n`);
    if (this.stopWith !== undefined) this.run();
  }

  private run(): void {
    this.stopWith!().then(
      () => this.resolveExit(0),
      (error: unknown) => {
        this.logger.error('stop failed', { error });
        this.resolveExit(1);
      },
    );
  }
}

/** `gantry serve`: the engine, the local API and the dashboard in this process. */
export const command: Command = {
  summary: 'run the engine, the local HTTP API and the dashboard (headless)',
  usage: USAGE,
  async run(argv) {
    try {
      return await serve(argv);
    } catch (error) {
      // Expected refusals (the journal in use by another gantry, Docker required but
      // absent) are one line for the operator, not a stack trace.
      if (!(error instanceof GantryError)) throw error;
      process.stderr.write(`gantry serve: ${error.message}\n`);
      return 1;
    }
  },
};

/** Starts everything, prints the addresses, and resolves with the exit code once stopped. */
async function serve(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const repairQueue = argv.includes('--repair-queue');
  const own = new Set(['--json', '--repair-queue']);
  const { settings, file } = await load(argv.filter((arg) => !own.has(arg)));
  const token = await loadOrCreateToken(settings.data, settings.apiToken);
  const sinks = [new ConsoleSink(), new FileSink(join(settings.data, 'gantry.log'))];
  const logger = new Logger(sinks, settings.logLevel);
  await checkPortFree(settings.port);

  const signals = new SignalStop(logger);
  const engine: Engine = await createEngine(settings, {
    logger,
    persistSettings: (next) => file.save(next),
    repairQueue,
  });
  signals.ready(() => engine.stop());
  await engine.start();

  const staticDir = join(PACKAGE_ROOT, 'out', 'renderer');
  const hasDashboard = existsSync(join(staticDir, 'index.html'));
  let api: ApiHost;
  try {
    api = await startApiHost(engine, settings, token, {
      logger,
      staticDir: hasDashboard ? staticDir : undefined,
    });
  } catch (error) {
    await engine.stop();
    throw portError(settings.port, error as NodeJS.ErrnoException);
  }
  const server = api.http;

  const runtime = engine.snapshot().runtime;
  const addresses: Addresses = {
    url: server.url,
    dashboard: hasDashboard ? `${server.url}/#token=${token.token}` : null,
    tokenFile: token.source === 'flag' ? null : token.path,
    dataDir: settings.data,
    runtime: runtime.kind,
    runtimeDetail: runtime.detail,
    pid: process.pid,
  };
  signals.ready(async () => {
    await api.close();
    await engine.stop();
  });
  process.stdout.write(json ? `${JSON.stringify(addresses)}\n` : describe(addresses, token));
  return signals.exit;
}
