import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/main/config/load-settings';
import { ConfigError } from '../../../src/main/config/sources';
import { SETTINGS_DEFAULTS } from '../../../src/shared/settings';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gantry-config-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function writeSettings(content: unknown, dir = join(cwd, 'gantry-data')): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'settings.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function load(argv: string[] = [], env: Record<string, string> = {}) {
  return loadSettings({ argv, env, cwd });
}

async function errorOf(argv: string[], env: Record<string, string> = {}): Promise<ConfigError> {
  try {
    await load(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadSettings accepted it');
}

describe('precedence', () => {
  it('uses the defaults with nothing set, the data directory made absolute', async () => {
    const { settings } = await load();

    expect(settings).toEqual({ ...SETTINGS_DEFAULTS, data: join(cwd, 'gantry-data') });
  });

  it('layers defaults ← file ← environment ← flags', async () => {
    writeSettings({ minWorkers: 2, maxWorkers: 20, workerConcurrency: 8, cooldown: 5000 });

    const { settings, sources } = await load(['--max-workers', '30', '--cooldown=45s'], {
      GANTRY_MAX_WORKERS: '25',
      GANTRY_WORKER_CONCURRENCY: '6',
    });

    expect(settings.minWorkers).toBe(2);
    expect(settings.workerConcurrency).toBe(6);
    expect(settings.maxWorkers).toBe(30);
    expect(settings.cooldown).toBe(45_000);
    expect(sources.maxWorkers).toBe('--max-workers');
    expect(sources.workerConcurrency).toBe('GANTRY_WORKER_CONCURRENCY');
  });

  it('reads units, nested docker keys and booleans from text', async () => {
    const { settings } = await load(
      [
        '--max-payload',
        '2mb',
        '--no-docker-read-only-rootfs',
        '--docker-cpus',
        '1.5',
        '--docker-env',
        '{"A":"1"}',
      ],
      {
        GANTRY_DOCKER_MEMORY: '1gb',
        GANTRY_DOCKER_NO_NEW_PRIVILEGES: 'false',
        GANTRY_RUNTIME: 'process',
      },
    );

    expect(settings.maxPayload).toBe(2 * 1024 ** 2);
    expect(settings.docker.readOnlyRootfs).toBe(false);
    expect(settings.docker.cpus).toBe(1.5);
    expect(settings.docker.env).toEqual({ A: '1' });
    expect(settings.docker.memory).toBe(1024 ** 3);
    expect(settings.docker.noNewPrivileges).toBe(false);
    expect(settings.docker.dropAllCapabilities).toBe(true);
    expect(settings.runtime).toBe('process');
  });

  it('takes a boolean flag with or without a value', async () => {
    const bare = await load(['--docker-allow-process-fallback']);
    const word = await load(['--docker-allow-process-fallback', 'false', '--min-workers', '0']);

    expect(bare.settings.docker.allowProcessFallback).toBe(true);
    expect(word.settings.docker.allowProcessFallback).toBe(false);
    expect(word.settings.minWorkers).toBe(0);
  });

  it('finds the settings file in the --data directory, or at --config', async () => {
    writeSettings({ maxQueue: 77 }, join(cwd, 'elsewhere'));
    const other = join(cwd, 'custom.json');
    writeFileSync(other, JSON.stringify({ maxQueue: 88 }));

    const byData = await load(['--data', 'elsewhere']);
    const byConfig = await load(['--config', 'custom.json']);
    const byEnv = await load([], { GANTRY_DATA: 'elsewhere' });

    expect(byData.settings.maxQueue).toBe(77);
    expect(byData.settings.data).toBe(join(cwd, 'elsewhere'));
    expect(byConfig.settings.maxQueue).toBe(88);
    expect(byEnv.settings.maxQueue).toBe(77);
  });
});

describe('errors name their source and key', () => {
  it('names the flag, the expectation and the value', async () => {
    const error = await errorOf(['--max-workers', 'x']);

    expect(error.message).toBe('--max-workers: expected a whole number 1..1000, got "x"');
    expect(error.source).toBe('--max-workers');
  });

  it('names the environment variable', async () => {
    const error = await errorOf([], { GANTRY_MIN_WORKERS: '-1' });

    expect(error.message).toBe('GANTRY_MIN_WORKERS: expected a whole number 0..1000, got "-1"');
  });

  it('refuses an empty number instead of reading it as 0', async () => {
    const error = await errorOf([], { GANTRY_PORT: '' });

    expect(error.message).toBe('GANTRY_PORT: expected a whole number 0..65535, got ""');
  });

  it('names the settings file and key', async () => {
    const path = writeSettings({ runtime: 'kubernetes' });
    const error = await errorOf([]);

    expect(error.message).toBe(
      `settings file ${path}: runtime: expected one of auto, docker, process, got "kubernetes"`,
    );
  });

  it('names unknown keys of the file, and files that are not JSON', async () => {
    const path = writeSettings({ docker: { memroy: 1 } });
    const unknown = await errorOf([]);
    writeSettings('{ nope');
    const broken = await errorOf([]);

    expect(unknown.message).toBe(`settings file ${path}: unknown setting "docker.memroy"`);
    expect(broken.message).toMatch(new RegExp(`^settings file ${path}: not valid JSON`));
  });

  it('explains durations, sizes and JSON values', async () => {
    expect((await errorOf(['--cooldown', 'soon'])).message).toBe(
      '--cooldown: not a duration: soon (try 500ms, 30s, 2m)',
    );
    expect((await errorOf(['--max-payload', 'big'])).message).toBe(
      '--max-payload: not a size: big (try 512kb, 1mb)',
    );
    expect((await errorOf(['--policy-params', '{x'])).message).toBe(
      '--policy-params: expected a JSON object, got "{x"',
    );
  });

  it('refuses unknown flags, stray arguments and missing values', async () => {
    expect((await errorOf(['--max-wrokers', '3'])).message).toBe('unknown flag --max-wrokers');
    expect((await errorOf(['serve'])).message).toContain('unexpected argument "serve"');
    expect((await errorOf(['--max-workers'])).message).toBe('--max-workers: expected a value');
    const missing = await errorOf(['--config', join(cwd, 'missing.json')]);
    expect(missing.message).toContain('cannot read it (ENOENT)');
  });

  it('names where both sides of a cross-field rule came from', async () => {
    writeSettings({ maxWorkers: 3 });
    const error = await errorOf(['--min-workers', '5']);

    expect(error.message).toContain('minWorkers (5) is above maxWorkers (3)');
    expect(error.message).toContain('minWorkers from --min-workers');
    expect(error.message).toContain('maxWorkers from settings file');
  });
});
