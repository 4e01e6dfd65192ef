import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveApiTarget, writeServerFile } from '../../../src/main/config/api-target';
import { ConfigError } from '../../../src/main/config/sources';
import { loadOrCreateToken } from '../../../src/main/config/token';

let cwd: string;
let data: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gantry-target-'));
  data = join(cwd, 'gantry-data');
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('resolveApiTarget', () => {
  it('reads the token of the local install and the default address', async () => {
    const { token } = await loadOrCreateToken(data);

    const target = await resolveApiTarget({ env: {}, cwd });

    expect(target).toEqual({ url: 'http://127.0.0.1:7070', token });
  });

  it('treats an empty GANTRY_API_TOKEN as unset and reads the token file', async () => {
    const { token } = await loadOrCreateToken(data);

    const target = await resolveApiTarget({ env: { GANTRY_API_TOKEN: '' }, cwd });

    expect(target.token).toBe(token);
  });

  it('uses the configured port, then the address of the running server', async () => {
    await loadOrCreateToken(data);
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ port: 9191 }));
    const configured = await resolveApiTarget({ env: {}, cwd });

    await writeServerFile(data, 'http://127.0.0.1:43210');
    const running = await resolveApiTarget({ env: {}, cwd });

    expect(configured.url).toBe('http://127.0.0.1:9191');
    expect(running.url).toBe('http://127.0.0.1:43210');
  });

  it('ignores the address a dead server left behind', async () => {
    await loadOrCreateToken(data);
    const child = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => {
      child.on('exit', () => resolve(child.pid ?? 0));
    });
    writeFileSync(join(data, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:1', pid }));

    const target = await resolveApiTarget({ env: {}, cwd });

    expect(target.url).toBe('http://127.0.0.1:7070');
  });

  it('lets flags and the environment win', async () => {
    await loadOrCreateToken(data);

    const env = { GANTRY_URL: 'http://127.0.0.1:1234/', GANTRY_API_TOKEN: 'e' };
    const byEnv = await resolveApiTarget({ env, cwd });
    const byFlag = await resolveApiTarget({ url: 'http://127.0.0.1:5', token: 'f', env, cwd });

    expect(byEnv).toEqual({ url: 'http://127.0.0.1:1234', token: 'e' });
    expect(byFlag).toEqual({ url: 'http://127.0.0.1:5', token: 'f' });
  });

  it('says how to get a token when there is none', async () => {
    const attempt = resolveApiTarget({ env: {}, cwd, dataDir: 'nowhere' });

    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/pass --token/);
  });
});
