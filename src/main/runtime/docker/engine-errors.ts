import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { GantryError } from '../../../shared/api/errors';

function field(source: object, key: string): unknown {
  return (source as Record<string, unknown>)[key];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The socket a client uses. Without DOCKER_HOST the client picks one lazily (a function):
 * Docker Desktop's per-user socket when it exists, the system one otherwise.
 */
function socketOf(value: unknown): string | undefined {
  if (typeof value !== 'function') return text(value);
  const perUser = join(homedir(), '.docker', 'run', 'docker.sock');
  return existsSync(perUser) ? perUser : '/var/run/docker.sock';
}

/**
 * Where a client talks to, as the user would write it in DOCKER_HOST:
 * `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376 (TLS)`, `ssh://me@build-box:22`.
 */
export function describeEndpoint(docker: Dockerode): string {
  const modem: object = docker.modem;
  const socketPath = text(field(modem, 'socketPathCache')) ?? socketOf(field(modem, 'socketPath'));
  if (socketPath !== undefined) {
    return socketPath.startsWith('//./pipe') ? `npipe://${socketPath}` : `unix://${socketPath}`;
  }
  const host = text(field(modem, 'host')) ?? 'localhost';
  const port = field(modem, 'port');
  const where = port === undefined || port === '' ? host : `${host}:${String(port)}`;
  const protocol = field(modem, 'protocol');
  if (protocol === 'ssh') {
    const user = text(field(modem, 'username'));
    return `ssh://${user === undefined ? '' : `${user}@`}${where}`;
  }
  return protocol === 'https' ? `tcp://${where} (TLS)` : `tcp://${where}`;
}

/** The HTTP status of an Engine API answer carried by a dockerode error, if any. */
export function engineStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = field(error, 'statusCode');
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message (`json.message`), or the error's. */
export function engineMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const json = field(error, 'json');
    if (typeof json === 'object' && json !== null) {
      const message = text(field(json, 'message'));
      if (message !== undefined) return message;
    }
    const message = text(field(error, 'message'));
    if (message !== undefined) return message;
  }
  return String(error);
}

const HINTS: Record<string, string> = {
  ENOENT: 'no such socket — is Docker installed and running? (or set --runtime process)',
  ECONNREFUSED: 'connection refused — is the Docker engine running? (or set --runtime process)',
  EACCES: 'permission denied — add your user to the docker group or set --runtime process',
  EPERM: 'permission denied — add your user to the docker group or set --runtime process',
  ENOTFOUND: 'unknown host — check DOCKER_HOST',
  EHOSTUNREACH: 'host unreachable — check DOCKER_HOST and the network',
  ETIMEDOUT: 'timed out — check DOCKER_HOST and the network',
  ECONNRESET: 'the connection was reset — is DOCKER_HOST the Docker API port?',
  EPIPE: 'the connection was closed — is the Docker engine restarting?',
  EPROTO: 'TLS failed — does the engine speak TLS? check DOCKER_TLS_VERIFY and DOCKER_CERT_PATH',
};

/** Why a connection to the engine failed, in words, or undefined for an Engine API answer. */
function connectionProblem(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = text(field(error, 'code'));
  if (code !== undefined && HINTS[code] !== undefined) return HINTS[code];
  if (code !== undefined && /CERT|TLS|SSL/.test(code)) {
    return `TLS failed (${code}) — check DOCKER_CERT_PATH and DOCKER_TLS_VERIFY`;
  }
  const level = text(field(error, 'level'));
  if (level === 'client-authentication') {
    return 'ssh authentication failed — check your ssh agent and the user in DOCKER_HOST';
  }
  if (level === 'client-socket' || level === 'client-timeout') {
    return `ssh connection failed (${engineMessage(error)})`;
  }
  return undefined;
}

/**
 * A dockerode failure as a `GantryError`: an unreachable engine is `unavailable` with a
 * hint, a missing object `not_found`, a name or port clash `conflict`, anything else
 * `internal` with the engine's message. `action` says what was being done.
 */
export function engineError(error: unknown, endpoint: string, action: string): GantryError {
  if (error instanceof GantryError) return error;
  const problem = connectionProblem(error);
  if (problem !== undefined) {
    return new GantryError('unavailable', `cannot reach Docker at ${endpoint}: ${problem}`, {
      cause: error,
    });
  }
  const message = engineMessage(error);
  const status = engineStatus(error);
  if (/port is already allocated|address already in use/i.test(message)) {
    return new GantryError('conflict', `${action}: host port conflict (${message})`, {
      cause: error,
    });
  }
  if (status === 404)
    return new GantryError('not_found', `${action}: ${message}`, { cause: error });
  if (status === 409) return new GantryError('conflict', `${action}: ${message}`, { cause: error });
  return new GantryError('internal', `${action}: ${message}`, { cause: error });
}
