import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type Dockerode from 'dockerode';
import { GantryError } from '../../../shared/api/errors';
import type { Logger } from '../../log/logger';
import { describeEndpoint, engineError, engineStatus } from './engine-errors';
import { readJsonLines } from './json-lines';
import { LABELS } from './labels';
import { offlineRecipe } from './offline-recipe';
import { packageRoot, packageVersion, referenceWorkerPath } from '../../package-info';
import type { TarEntry } from './tar-writer';
import { tarSize, tarStream } from './tar-writer';

/** Repository name of the reference worker image; the tag is gantry's version. */
export const REFERENCE_IMAGE_REPO = 'gantry-worker';

/** `gantry-worker:<package version>`. */
export function referenceImageTag(): string {
  return `${REFERENCE_IMAGE_REPO}:${packageVersion()}`;
}

/** What a build reports as it goes. */
export type BuildProgress =
  | { phase: 'context'; sentBytes: number; totalBytes: number }
  | { phase: 'step'; line: string }
  | { phase: 'done'; tag: string; imageId: string; ms: number; contextBytes: number };

export type ProgressListener = (progress: BuildProgress) => void;

export interface BuiltImage {
  tag: string;
  imageId: string;
  /** False when an up-to-date image was already there. */
  built: boolean;
  ms: number;
}

interface BuildRequest {
  docker: Dockerode;
  logger: Logger;
  tag: string;
  entries: TarEntry[];
  labels: Record<string, string>;
  /** Build every step afresh instead of reusing the engine's layer cache. */
  noCache?: boolean;
  onProgress?: ProgressListener;
}

/** Logs context upload progress at each quarter, not per chunk. */
function contextReporter(req: BuildRequest, totalBytes: number): (sent: number) => void {
  let nextQuarter = 1;
  return (sentBytes) => {
    req.onProgress?.({ phase: 'context', sentBytes, totalBytes });
    while (nextQuarter <= 4 && sentBytes >= (totalBytes * nextQuarter) / 4) {
      req.logger.info('sending build context', { tag: req.tag, sentBytes, totalBytes });
      nextQuarter += 1;
    }
  };
}

/** Streams a generated build context to the engine and follows the build to its image id. */
async function build(req: BuildRequest): Promise<BuiltImage> {
  const endpoint = describeEndpoint(req.docker);
  const began = Date.now();
  const totalBytes = tarSize(req.entries);
  req.logger.info('building image', { tag: req.tag, contextBytes: totalBytes });

  const context = tarStream(req.entries, contextReporter(req, totalBytes));
  let output: NodeJS.ReadableStream;
  try {
    output = await req.docker.buildImage(context, {
      t: req.tag,
      labels: req.labels,
      rm: true,
      forcerm: true,
      nocache: req.noCache ?? false,
    });
  } catch (error) {
    context.destroy();
    throw engineError(error, endpoint, `build of ${req.tag}`);
  }

  let imageId: string | undefined;
  let failure: string | undefined;
  await readJsonLines(output, (value) => {
    if (typeof value !== 'object' || value === null) return;
    const line = value as { stream?: unknown; error?: unknown; aux?: { ID?: unknown } };
    if (typeof line.error === 'string') failure = line.error;
    if (typeof line.aux?.ID === 'string') imageId = line.aux.ID;
    if (typeof line.stream === 'string') {
      const step = line.stream.trim();
      const built = /^Successfully built ([0-9a-f]+)/.exec(step);
      if (built?.[1] !== undefined && imageId === undefined) imageId = built[1];
      if (step === '') return;
      req.onProgress?.({ phase: 'step', line: step });
      if (step.startsWith('Step ')) req.logger.info('build step', { tag: req.tag, step });
    }
  });
  if (failure !== undefined || imageId === undefined) {
    const pull =
      failure !== undefined &&
      /registry|pull access denied|no such host|dial tcp|manifest/i.test(failure);
    const hint = pull
      ? ' — the engine cannot pull the base image; build offline instead: gantry image --offline'
      : '';
    throw new GantryError(
      'internal',
      `build of ${req.tag} failed: ${failure ?? 'no image produced'}${hint}`,
    );
  }

  const ms = Date.now() - began;
  req.onProgress?.({ phase: 'done', tag: req.tag, imageId, ms, contextBytes: totalBytes });
  req.logger.info('image built', { tag: req.tag, imageId, ms, contextBytes: totalBytes });
  return { tag: req.tag, imageId, built: true, ms };
}

export interface OfflineBuildOptions {
  docker: Dockerode;
  logger: Logger;
  /** `gantry-worker:<version>` by default. */
  tag?: string;
  /** `worker/worker.mjs` of the package by default. */
  workerScript?: string;
  /** Rebuild from nothing (no layer cache) even when the image is up to date. */
  force?: boolean;
  onProgress?: ProgressListener;
}

async function labelOf(docker: Dockerode, tag: string): Promise<string | undefined> {
  try {
    const info = await docker.getImage(tag).inspect();
    const labels: Record<string, string> | undefined = info.Config.Labels ?? undefined;
    return labels?.[LABELS.contentHash] ?? '';
  } catch (error) {
    if (engineStatus(error) === 404) return undefined;
    throw engineError(error, describeEndpoint(docker), `inspect of image ${tag}`);
  }
}

/**
 * Builds the reference image offline (`FROM scratch` + the host's node + its libraries +
 * the worker), or reuses it when its content-hash label matches what would be built.
 */
export async function ensureOfflineImage(options: OfflineBuildOptions): Promise<BuiltImage> {
  const began = Date.now();
  const tag = options.tag ?? referenceImageTag();
  const recipe = await offlineRecipe({
    workerScript: options.workerScript ?? referenceWorkerPath(),
  });
  if (!options.force && (await labelOf(options.docker, tag)) === recipe.contentHash) {
    const info = await options.docker.getImage(tag).inspect();
    options.logger.debug('reference image up to date', { tag, imageId: info.Id });
    return { tag, imageId: info.Id, built: false, ms: Date.now() - began };
  }
  const previous = await options.docker
    .getImage(tag)
    .inspect()
    .then(
      (info) => info.Id,
      () => undefined,
    );
  const built = await build({
    docker: options.docker,
    logger: options.logger,
    tag,
    entries: recipe.entries,
    labels: { [LABELS.contentHash]: recipe.contentHash },
    noCache: options.force,
    onProgress: options.onProgress,
  });
  if (previous !== undefined && previous !== built.imageId) {
    // The stale image lost its tag; drop it unless a container still uses it (409).
    await options.docker
      .getImage(previous)
      .remove()
      .catch(() => undefined);
  }
  return built;
}

export interface DockerfileBuildOptions {
  docker: Dockerode;
  logger: Logger;
  tag?: string;
  /** The context folder holding `Dockerfile`; the package's `worker/` by default. */
  contextDir?: string;
  onProgress?: ProgressListener;
}

async function folderEntries(root: string, dir = root): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    if (item.name === 'node_modules' || item.name.startsWith('.')) continue;
    const path = join(dir, item.name);
    const name = relative(root, path).split('\\').join('/');
    if (item.isDirectory()) {
      entries.push({ kind: 'dir', name, mode: 0o755 }, ...(await folderEntries(root, path)));
    } else if (item.isFile()) {
      const info = await stat(path);
      entries.push({ kind: 'file', name, mode: info.mode & 0o777, size: info.size, source: path });
    }
  }
  return entries;
}

/**
 * Builds `worker/Dockerfile` (a registry base image, so the engine must be able to pull) or
 * any folder with a Dockerfile.
 */
export async function buildDockerfileImage(options: DockerfileBuildOptions): Promise<BuiltImage> {
  const contextDir = options.contextDir ?? join(packageRoot(), 'worker');
  await readFile(join(contextDir, 'Dockerfile')).catch((error: unknown) => {
    throw new GantryError('invalid_input', `no Dockerfile in ${contextDir}`, { cause: error });
  });
  return build({
    docker: options.docker,
    logger: options.logger,
    tag: options.tag ?? referenceImageTag(),
    entries: await folderEntries(contextDir),
    labels: {},
    onProgress: options.onProgress,
  });
}
