import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiClient } from './http-client';

const GANTRY = resolve(import.meta.dirname, '../../../bin/gantry.js');

/** `gantry serve --json` running as a child process. */
export interface ServeProcess {
  child: ChildProcess;
  api: ApiClient;
  /** Everything it wrote on stderr (its console log), for failure messages. */
  stderr: () => string;
  /** Waits until the process has exited. */
  exited: Promise<number | null>;
}

/** Starts `gantry serve` on a free port and resolves once it printed its address. */
export function startServe(dataDir: string, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [GANTRY, 'serve', '--json', '--port', '0', '--data', dataDir, '--runtime', 'process', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GANTRY_LOG_LEVEL: 'info' } },
  );
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

  return new Promise((resolveStart, reject) => {
    const late = (): void => reject(new Error(`gantry serve did not start:\n${err}`));
    const timer = setTimeout(late, 30_000);
    exited.then((code) => reject(new Error(`gantry serve exited with ${code}:\n${err}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let info: { url?: string };
      try {
        info = JSON.parse(line) as { url?: string };
      } catch {
        return;
      }
      if (info.url === undefined) return;
      clearTimeout(timer);
      const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
      resolveStart({ child, api: new ApiClient(info.url, token), stderr: () => err, exited });
    });
  });
}

/** True while a process runs (a zombie waiting for its parent counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
