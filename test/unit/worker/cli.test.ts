import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/command';
import { workerEnv } from '../../../src/cli/commands/worker';
import { postTask } from './spawn-worker';

const GANTRY = fileURLToPath(new URL('../../../bin/gantry.js', import.meta.url));

describe('gantry worker', () => {
  it('maps flags onto the worker environment, flags over inherited values', () => {
    const env = workerEnv(
      ['--port', '0', '--work-ms', '25', '--dist', 'exponential', '--fail-rate', '0.5'],
      { PORT: '9999', CONCURRENCY: '7' },
    );
    expect(env).toMatchObject({
      PORT: '0',
      HOST: '127.0.0.1',
      WORK_MS: '25',
      WORK_DIST: 'exponential',
      FAIL_RATE: '0.5',
      CONCURRENCY: '7',
    });
  });

  it('rejects bad flags as usage errors', () => {
    expect(() => workerEnv(['--fail-rate', '2'], {})).toThrow(UsageError);
    expect(() => workerEnv(['--dist', 'normal'], {})).toThrow(/fixed, uniform, exponential/);
    expect(() => workerEnv(['--bogus'], {})).toThrow(UsageError);
  });

  it('serves tasks and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [GANTRY, 'worker', '--port', '0', '--id', 'cli'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
    });
    try {
      const port = await new Promise<number>((resolve) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /"port":(\d+)/.exec(out);
          if (match?.[1]) resolve(Number(match[1]));
        });
      });
      const res = await postTask(`http://127.0.0.1:${port}`, { id: 'c', payload: { workMs: 0 } });
      expect(res.body).toMatchObject({ ok: true, worker: 'cli' });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
