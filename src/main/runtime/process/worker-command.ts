import { referenceWorkerPath } from '../../package-info';
import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

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
