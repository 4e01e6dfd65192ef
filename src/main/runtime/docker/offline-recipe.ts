import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { delimiter, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { GantryError } from '../../../shared/api/errors';
import { CONTAINER_PORT } from './labels';
import type { TarEntry } from './tar-writer';
import { tarSize } from './tar-writer';

const run = promisify(execFile);

/** Bump when the image layout changes, so images built by older code are rebuilt. */
const RECIPE_VERSION = 'offline-1';

/** Where node goes inside the image (on PATH). */
const NODE_IN_IMAGE = '/usr/local/bin/node';

/** What goes into the reference image and the key that says when to rebuild it. */
export interface OfflineRecipe {
  /** The build context: `Dockerfile` plus `rootfs/...`. */
  entries: TarEntry[];
  dockerfile: string;
  /** sha256 of the recipe, the worker script and each binary's path, size and mtime. */
  contentHash: string;
  /** Bytes of the build context archive. */
  contextBytes: number;
}

export interface OfflineRecipeOptions {
  workerScript: string;
  /** The node binary to ship; the running one by default. */
  nodeBinary?: string;
}

/** The Dockerfile of the reference image: nothing but node, its libraries and the worker. */
export function offlineDockerfile(): string {
  return [
    'FROM scratch',
    'COPY rootfs/ /',
    // One instruction per layer step: the classic builder commits a container for each.
    `ENV PATH=/usr/local/bin:/usr/bin:/bin NODE_ENV=production PORT=${CONTAINER_PORT}`,
    'USER 65534:65534',
    'ENTRYPOINT ["node", "/app/worker.mjs"]',
    '',
  ].join('\n');
}

/**
 * Paths `ldd` prints for a binary: each `name => /path` and the dynamic loader. An empty
 * list for a static binary.
 */
export function parseLdd(output: string): string[] {
  const paths: string[] = [];
  for (const line of output.split('\n')) {
    const arrow = /=>\s*(\/\S+)/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(0x/.exec(line);
    const path = arrow?.[1] ?? bare?.[1];
    if (path !== undefined && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

async function sharedLibraries(binary: string): Promise<string[]> {
  try {
    const { stdout } = await run('ldd', [binary], { timeout: 10_000 });
    return parseLdd(stdout);
  } catch (error) {
    const out = (error as { stdout?: string; stderr?: string }).stdout ?? '';
    const err = (error as { stderr?: string }).stderr ?? '';
    if (/not a dynamic executable|statically linked/.test(`${out}${err}`)) return [];
    throw new GantryError(
      'unavailable',
      `cannot list node's shared libraries with ldd: ${err.trim() || String(error)}`,
      { cause: error },
    );
  }
}

/** Directory entries for every parent of `paths`, plus `/tmp` (world-writable, sticky). */
function dirEntries(paths: readonly string[]): TarEntry[] {
  const dirs = new Set<string>(['/tmp']);
  for (const path of paths) {
    for (let dir = posix.dirname(path); dir !== '/'; dir = posix.dirname(dir)) dirs.add(dir);
  }
  return [...dirs]
    .toSorted()
    .map((dir) => ({ kind: 'dir', name: `rootfs${dir}`, mode: dir === '/tmp' ? 0o1777 : 0o755 }));
}

/**
 * The node binary to ship: the running one, unless this is Electron (its binary is not a
 * plain node), then the first `node` on PATH.
 */
async function hostNode(): Promise<string> {
  if (process.versions.electron === undefined) return process.execPath;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'node');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  throw new GantryError(
    'unavailable',
    'the offline worker image needs a node binary on PATH; install Node.js 20+ or build ' +
      'worker/Dockerfile instead: gantry image --dockerfile',
  );
}

/**
 * Collects the host's node binary, the libraries `ldd` lists for it and the worker script
 * into a `FROM scratch` build context. Only a Linux host can do this: the image runs the
 * host's own binary.
 */
export async function offlineRecipe(options: OfflineRecipeOptions): Promise<OfflineRecipe> {
  if (process.platform !== 'linux') {
    throw new GantryError(
      'unavailable',
      `the offline worker image needs a Linux host (this is ${process.platform}); ` +
        'build worker/Dockerfile instead: gantry image --dockerfile',
    );
  }
  const nodeBinary = options.nodeBinary ?? (await hostNode());
  const worker = await readFile(options.workerScript).catch((error: unknown) => {
    throw new GantryError('unavailable', `cannot read the worker script ${options.workerScript}`, {
      cause: error,
    });
  });
  const dockerfile = offlineDockerfile();
  const hash = createHash('sha256').update(`${RECIPE_VERSION}\n${dockerfile}\n`).update(worker);

  const binaries: { inImage: string; source: string }[] = [
    { inImage: NODE_IN_IMAGE, source: await realpath(nodeBinary) },
  ];
  for (const lib of await sharedLibraries(nodeBinary)) {
    binaries.push({ inImage: lib, source: await realpath(lib) });
  }
  const files: TarEntry[] = [];
  for (const binary of binaries) {
    const info = await stat(binary.source);
    // Size and mtime stand in for content: hashing 100 MB of node on every start costs more.
    hash.update(`${binary.inImage}:${info.size}:${info.mtimeMs}\n`);
    files.push({
      kind: 'file',
      name: `rootfs${binary.inImage}`,
      mode: 0o755,
      size: info.size,
      source: binary.source,
    });
  }

  const inImage = [...binaries.map((b) => b.inImage), '/app/worker.mjs'];
  const entries: TarEntry[] = [
    { kind: 'data', name: 'Dockerfile', mode: 0o644, data: Buffer.from(dockerfile) },
    { kind: 'dir', name: 'rootfs', mode: 0o755 },
    ...dirEntries(inImage),
    ...files,
    { kind: 'data', name: 'rootfs/app/worker.mjs', mode: 0o644, data: worker },
  ];
  return { entries, dockerfile, contentHash: hash.digest('hex'), contextBytes: tarSize(entries) };
}
