import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The directory holding gantry's package.json, found by walking up from this module, so it
 * works from the source tree (tsx) and from a bundle placed anywhere below the package.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readManifest(manifest).name === 'gantry') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the gantry package root above this module');
    dir = parent;
  }
}

function readManifest(path: string): { name?: string; version?: string } {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
  } catch {
    return {};
  }
}

/** gantry's version from package.json (the tag of the reference image). */
export function packageVersion(): string {
  return readManifest(join(packageRoot(), 'package.json')).version ?? '0.0.0';
}

/**
 * The reference worker script (`worker/worker.mjs`).
 * TODO: a packaged app keeps sources in an asar archive, which a child node cannot read;
 * packaging must unpack worker/ (asarUnpack) and this lookup must learn that path.
 */
export function referenceWorkerPath(): string {
  return join(packageRoot(), 'worker', 'worker.mjs');
}

/** The public workload traces shipped with gantry (`traces/`), or `GANTRY_TRACES`. */
export function tracesDir(): string {
  return process.env['GANTRY_TRACES'] ?? join(packageRoot(), 'traces');
}
