import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/main/config/load-settings';

let cwd: string;
let data: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gantry-settings-file-'));
  data = join(cwd, 'gantry-data');
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function readSaved(): unknown {
  return JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8'));
}

describe('SettingsFile.save', () => {
  it('writes only what differs from the defaults, never the data path or the token', async () => {
    const { settings, file } = await loadSettings({ argv: [], env: {}, cwd });

    await file.save({
      ...settings,
      maxWorkers: 25,
      apiToken: 'secret',
      docker: { ...settings.docker, memory: 1024 ** 3 },
    });

    expect(readSaved()).toEqual({ maxWorkers: 25, docker: { memory: 1024 ** 3 } });
    expect(readdirSync(data)).toEqual(['settings.json']);
  });

  it('does not bake this run’s flags and environment into the file', async () => {
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ port: 8080, minWorkers: 2 }));
    const { settings, file } = await loadSettings({
      argv: ['--port', '0', '--max-workers', '40'],
      env: { GANTRY_LOG_LEVEL: 'debug' },
      cwd,
    });

    // The app changed one setting; the flags' and environment's values are still in force.
    await file.save({ ...settings, workerConcurrency: 9 });

    expect(readSaved()).toEqual({ port: 8080, minWorkers: 2, workerConcurrency: 9 });
  });

  it('keeps a value the user changed in the app even when a flag had set that key', async () => {
    const { settings, file } = await loadSettings({ argv: ['--max-workers', '40'], env: {}, cwd });

    await file.save({ ...settings, maxWorkers: 12 });

    expect(readSaved()).toEqual({ maxWorkers: 12 });
  });

  it('round-trips: the saved file loads back to the same settings', async () => {
    const first = await loadSettings({ argv: [], env: {}, cwd });
    const changed = { ...first.settings, cooldown: 12_000, policy: 'target', maxPayload: 2048 };

    await first.file.save(changed);
    const again = await loadSettings({ argv: [], env: {}, cwd });

    expect(again.settings).toEqual(changed);
  });

  it('serializes concurrent saves: the last one wins, no temporary file is left', async () => {
    const { settings, file } = await loadSettings({ argv: [], env: {}, cwd });

    await Promise.all([1, 2, 3, 4, 5].map((n) => file.save({ ...settings, maxWorkers: 10 + n })));

    expect(readSaved()).toEqual({ maxWorkers: 15 });
    expect(readdirSync(data).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(data, 'settings.json'))).toBe(true);
  });
});
