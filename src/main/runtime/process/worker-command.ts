import { existsSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The reference worker's file. Found by walking up from this module, which works from the
 * sources (tsx, vitest: src/main/runtime/process) and from the bundle (out/main).
 * TODO: a packaged app keeps sources in an asar archive, which a child node cannot read;
 * packaging must unpack worker/ (asarUnpack) and this lookup must learn that path.
 */
export function referenceWorkerPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 8; up++) {
    const candidate = join(dir, 'worker', 'worker.mjs');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('cannot find worker/worker.mjs above the gantry sources');
}

/** The program and arguments of a worker process, plus environment it needs to run. */
export interface ResolvedCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * What to run: `workerCommand` when set (relative paths resolve against the working
 * directory), else the reference worker on this very runtime. Under Electron,
 * `process.execPath` is the app binary, which behaves as node with ELECTRON_RUN_AS_NODE.
 */
export function resolveWorkerCommand(workerCommand: readonly string[]): ResolvedCommand {
  const [file, ...args] = workerCommand;
  if (file !== undefined && file !== '') return { file, args, env: {} };
  const env: Record<string, string> = {};
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  return { file: process.execPath, args: [referenceWorkerPath()], env };
}

/** The absolute path of a program as the shell would find it, or undefined. */
export async function findExecutable(file: string): Promise<string | undefined> {
  const candidates =
    isAbsolute(file) || file.includes('/')
      ? [resolve(file)]
      : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, file));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}
