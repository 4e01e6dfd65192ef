import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const GANTRY = resolve(import.meta.dirname, '../../../bin/gantry.js');
let data: string;

beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'gantry-serve-cli-'));
});

afterEach(() => {
  rmSync(data, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gantry serve`; `until` sees stdout and may stop it with SIGTERM. */
function serve(args: string[], until?: (stdout: string) => boolean): Promise<Run> {
  const argv = [GANTRY, 'serve', '--data', data, '--runtime', 'process', ...args];
  const child = spawn(process.execPath, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signaled = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!signaled && until?.(stdout)) {
      signaled = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}

describe('gantry serve', () => {
  it('prints where everything is, and stops cleanly on SIGTERM', async () => {
    const run = await serve(['--port', '0', '--min-workers', '0'], (out) => out.includes('Ctrl+C'));

    const token = readFileSync(join(data, 'api-token'), 'utf8').trim();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/API {9}http:\/\/127\.0\.0\.1:\d+/);
    const dashboard = `http://127\\.0\\.0\\.1:\\d+/#token=${token}`;
    const notBuilt = 'not built: run `npm run build`';
    expect(run.stdout).toMatch(new RegExp(`dashboard +(${dashboard}|${notBuilt})`));
    expect(run.stdout).toContain(join(data, 'api-token'));
    expect(run.stdout).toMatch(/runtime +process/);
    expect(run.stdout).toContain('curl -H "Authorization: Bearer $(cat');
    expect(run.stdout).not.toContain(`Bearer ${token}`);
    expect(run.stderr).toContain('engine stopped');
    expect(existsSync(join(data, 'server.json'))).toBe(false);
  });

  it('names the flag to change when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    try {
      const run = await serve(['--port', String(port)]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`port ${port} is in use`);
      expect(run.stderr).toContain('--port');
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad setting with its source, before starting anything', async () => {
    const run = await serve(['--max-workers', 'x']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-workers: expected a whole number 1..1000, got "x"');
    expect(existsSync(join(data, 'api-token'))).toBe(false);
  });
});
