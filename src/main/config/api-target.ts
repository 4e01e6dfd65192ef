import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SETTINGS_DEFAULTS } from '../../shared/settings';
import { ConfigError } from './sources';
import { readToken, TOKEN_FILE } from './token';

/** Written by `gantry serve` while it runs: its address, for commands like `gantry load`. */
export const SERVER_FILE = 'server.json';

/** Where a CLI command reaches the API, and with which token. */
export interface ApiTarget {
  /** `http://127.0.0.1:7070`, no trailing slash. */
  url: string;
  token: string;
}

export interface ApiTargetInput {
  /** `--url`. */
  url?: string;
  /** `--token` (or `--api-token`). */
  token?: string;
  /** `--data`: the local install whose token file and server address to use. */
  dataDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

interface ServerRecord {
  url: string;
  pid: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The address of the server running on this data directory, if one is. */
async function runningServer(dataDir: string): Promise<string | undefined> {
  const record = (await readJson(join(dataDir, SERVER_FILE))) as Partial<ServerRecord> | undefined;
  if (typeof record?.url !== 'string' || typeof record.pid !== 'number') return undefined;
  return isAlive(record.pid) ? record.url : undefined;
}

/** The port the local install is configured for (settings file), else the default. */
async function configuredPort(dataDir: string): Promise<number> {
  const settings = await readJson(join(dataDir, 'settings.json'));
  const port = (settings as { port?: unknown } | undefined)?.port;
  return typeof port === 'number' && port > 0 ? port : SETTINGS_DEFAULTS.port;
}

/**
 * Where the API of the local install is and its token: `--url` ← `GANTRY_URL` ← the
 * running server's `server.json` ← the configured port; `--token` ← `GANTRY_API_TOKEN` ←
 * `<data>/api-token`. Throws `ConfigError` saying how to get a token when there is none.
 */
export async function resolveApiTarget(input: ApiTargetInput = {}): Promise<ApiTarget> {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const dataDir = resolve(cwd, input.dataDir ?? env.GANTRY_DATA ?? SETTINGS_DEFAULTS.data);

  const url =
    input.url ??
    env.GANTRY_URL ??
    (await runningServer(dataDir)) ??
    `http://127.0.0.1:${env.GANTRY_PORT ?? (await configuredPort(dataDir))}`;
  // An empty flag or variable counts as unset, so an exported-but-empty GANTRY_API_TOKEN
  // does not hide the token file of the local install.
  const token =
    nonEmpty(input.token) ??
    nonEmpty(env.GANTRY_API_TOKEN) ??
    (await readToken(join(dataDir, TOKEN_FILE)));
  if (token === undefined || token === '') {
    throw new ConfigError(
      '--token',
      `no API token: pass --token, set GANTRY_API_TOKEN, or run this where \`gantry serve\` ` +
        `keeps its data (no ${join(dataDir, TOKEN_FILE)}; use --data DIR)`,
    );
  }
  return { url: url.replace(/\/+$/, ''), token };
}

/** Records the running server's address (`gantry serve` calls it once listening). */
export async function writeServerFile(dataDir: string, url: string): Promise<void> {
  const record: ServerRecord = { url, pid: process.pid };
  await writeFile(join(dataDir, SERVER_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/** Removes the record on a clean stop (a stale one is ignored: its pid is gone). */
export async function removeServerFile(dataDir: string): Promise<void> {
  await rm(join(dataDir, SERVER_FILE), { force: true });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
