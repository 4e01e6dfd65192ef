import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Input, MethodName, Output } from '../../../src/shared/api/contract';
import type { Result } from '../../../src/shared/api/errors';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A running `gantry serve` with its own data directory, token and port. */
export interface Host {
  url: string;
  /** The dashboard link with the token in the fragment, as `gantry serve` prints it. */
  dashboard: string;
  token: string;
  dataDir: string;
  /** Calls a channel over `POST /api/{method}` (for arranging a test, not for asserting UI). */
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /** What the host wrote to stderr (its readable log), for failure reports. */
  log(): string;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** Extra `serve` flags, e.g. `['--max-queue', '50']`. */
  flags?: string[];
}

/**
 * Flags that make the autoscaler quick enough to watch within a test: short cooldown and
 * reconcile period, short simulated work, a small pool.
 */
const FAST_FLAGS = [
  '--runtime',
  'process',
  '--min-workers',
  '1',
  '--max-workers',
  '6',
  '--worker-concurrency',
  '2',
  '--cooldown',
  '1s',
  '--reconcile-interval',
  '250ms',
  '--worker-work-ms',
  '300',
  '--retry-base',
  '100ms',
  '--durability',
  'relaxed',
  '--drain-timeout',
  '2s',
  '--stop-grace',
  '1s',
];

/** Starts the real headless host on a free port and waits until it prints its address. */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-e2e-'));
  const token = `e2e-${Math.random().toString(36).slice(2)}`;
  const args = [
    'bin/gantry.js',
    'serve',
    '--port',
    '0',
    '--data',
    dataDir,
    '--api-token',
    token,
    '--json',
    ...FAST_FLAGS,
    ...(options.flags ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const url = await readAddress(child, () => stderr);
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> => {
    const response = await fetch(`${url}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? null),
    });
    const result = (await response.json()) as Result<Output<M>>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };

  return {
    url,
    dashboard: `${url}/#token=${token}`,
    token,
    dataDir,
    call,
    log: () => stderr,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function readAddress(child: ChildProcess, log: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => fail(new Error('gantry serve did not print its address within 30 s')),
      30_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${log()}`));
    };
    child.once('exit', (code) => fail(new Error(`gantry serve exited with ${String(code)}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
}

/** SIGTERM (the host drains and stops its workers), SIGKILL if it takes too long. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
