// Rebuilds out/ with electron-vite only when a source is newer than the built files, so a
// second `npm start` or `npm run headless` starts at once.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {'all' | 'renderer'} BuildTarget */

const ROOT = new URL('../..', import.meta.url).pathname;

/** What each target reads and what it writes. */
const TARGETS = {
  renderer: {
    inputs: ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package.json'],
    outputs: ['out/renderer/index.html'],
  },
  all: {
    inputs: ['src', 'electron.vite.config.ts', 'package.json'],
    outputs: ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'],
  },
};

/**
 * The newest modification time under `path` (a file or a directory, recursively); 0 when
 * it does not exist.
 * @param {string} path
 * @returns {number}
 */
export function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Why `target` must be rebuilt, or undefined when out/ is current.
 * @param {BuildTarget} target
 * @param {string} [root]
 * @returns {string | undefined}
 */
export function staleReason(target, root = ROOT) {
  const { inputs, outputs } = TARGETS[target];
  let oldestOutput = Infinity;
  for (const output of outputs) {
    const mtime = newestMtime(join(root, output));
    if (mtime === 0) return `${output} is missing`;
    oldestOutput = Math.min(oldestOutput, mtime);
  }
  for (const input of inputs) {
    if (newestMtime(join(root, input)) > oldestOutput)
      return `${input} changed since the last build`;
  }
  return undefined;
}

/**
 * Builds `target` with electron-vite when it is stale; answers whether it built.
 * @param {BuildTarget} target
 * @returns {Promise<boolean>}
 */
export async function buildIfStale(target) {
  const reason = staleReason(target);
  if (reason === undefined) return false;
  process.stderr.write(
    `gantry: building the ${target === 'all' ? 'app' : 'dashboard'} (${reason})\n`,
  );
  if (target === 'renderer') process.env['GANTRY_BUILD_ONLY'] = 'renderer';
  const { build } = await import('electron-vite');
  // Renderer-only builds would warn that main and preload are missing; that is the point.
  await build({ root: ROOT, logLevel: target === 'renderer' ? 'error' : 'warn' });
  return true;
}
