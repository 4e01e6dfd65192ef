import { GantryError } from '../../shared/api/errors';
import { ConsoleSink, Logger } from '../../main/log/logger';
import type { BuildProgress } from '../../main/runtime/docker/image-builder';
import type { Command } from '../command';
import { UsageError } from '../command';
import { readFlags } from '../flag-values';

const USAGE = `gantry image: build the worker image

Usage: gantry image [--offline | --dockerfile] [--tag NAME] [--context DIR] [--force] [--json]

  --offline        (default) build FROM scratch out of this machine's node binary, its
                   shared libraries and worker/worker.mjs; needs no registry. Linux only.
  --dockerfile     build worker/Dockerfile (FROM node:20-alpine): the engine must be able
                   to pull the base image
  --context DIR    with --dockerfile: another folder holding a Dockerfile
  --tag NAME       image name (default gantry-worker:<gantry version>, the one gantry runs
                   when no --image is set)
  --force          with --offline: rebuild from nothing (no layer cache), even when current
  --json           print the result as JSON

The engine is the one DOCKER_HOST names (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), or the
local socket. Progress goes to stderr; the result line to stdout.`;

interface ImageFlags {
  mode: 'offline' | 'dockerfile';
  tag?: string;
  context?: string;
  force: boolean;
  json: boolean;
}

function parseFlags(argv: string[]): ImageFlags {
  const values = readFlags(argv, {
    offline: { type: 'boolean' },
    dockerfile: { type: 'boolean' },
    tag: { type: 'string' },
    context: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.offline && values.dockerfile)
    throw new UsageError('choose --offline or --dockerfile, not both');
  if (values.context !== undefined && !values.dockerfile)
    throw new UsageError('--context goes with --dockerfile');
  if (values.tag !== undefined && !/^[a-z0-9][\w.\-/:]*$/i.test(values.tag)) {
    throw new UsageError(`--tag is not an image name: "${values.tag}"`);
  }
  return {
    mode: values.dockerfile ? 'dockerfile' : 'offline',
    tag: values.tag,
    context: values.context,
    force: values.force ?? false,
    json: values.json ?? false,
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** Prints build progress on stderr: the context upload as a percentage, then each step. */
function progressPrinter(): (progress: BuildProgress) => void {
  const tty = process.stderr.isTTY;
  let lastPercent = -1;
  return (progress) => {
    if (progress.phase === 'context') {
      const percent = Math.floor((progress.sentBytes / progress.totalBytes) * 100);
      if (percent === lastPercent || (!tty && percent % 25 !== 0)) return;
      lastPercent = percent;
      const sent = `${megabytes(progress.sentBytes)} / ${megabytes(progress.totalBytes)}`;
      const line = `sending context ${sent} (${percent}%)`;
      process.stderr.write(tty ? `\r${line}${percent === 100 ? '\n' : ''}` : `${line}\n`);
    } else if (progress.phase === 'step' && !/^(--->|Removing intermediate)/.test(progress.line)) {
      process.stderr.write(`${progress.line}\n`);
    }
  };
}

/** `gantry image`: builds the worker image by hand, offline or from worker/Dockerfile. */
export const command: Command = {
  summary: 'build the worker image (offline FROM scratch, or worker/Dockerfile)',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags(argv);
    const { default: Dockerode } = await import('dockerode');
    const builder = await import('../../main/runtime/docker/image-builder');
    const docker = new Dockerode();
    const logger = new Logger([new ConsoleSink()], 'warn');
    const onProgress = flags.json ? undefined : progressPrinter();
    try {
      const result =
        flags.mode === 'offline'
          ? await builder.ensureOfflineImage({
              docker,
              logger,
              tag: flags.tag,
              force: flags.force,
              onProgress,
            })
          : await builder.buildDockerfileImage({
              docker,
              logger,
              tag: flags.tag,
              contextDir: flags.context,
              onProgress,
            });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ mode: flags.mode, ...result })}\n`);
      } else {
        const what = result.built ? `built in ${(result.ms / 1000).toFixed(1)} s` : 'up to date';
        process.stdout.write(
          `${result.tag} ${result.imageId.replace(/^sha256:/, '').slice(0, 12)} ${what}\n`,
        );
      }
      return 0;
    } catch (error) {
      const message = error instanceof GantryError ? error.message : String(error);
      process.stderr.write(`gantry image: ${message}\n`);
      return 1;
    }
  },
};
