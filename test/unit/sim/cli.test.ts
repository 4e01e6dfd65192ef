import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimRunOutput } from '../../../src/shared/api/contract/sim';

const run = promisify(execFile);
const GANTRY = join(import.meta.dirname, '../../../bin/gantry.js');

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-sim-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function gantry(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [GANTRY, ...args], { cwd: dir });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('gantry sim', () => {
  it('replays a task-list trace end to end with --json and --svg', async () => {
    // Eight 3 s tasks in a burst, then two late ones: the trace's own run times are used.
    const lines = [
      'arrival_s,duration_s',
      ...Array.from({ length: 8 }, (_, i) => `${i * 0.1},3`),
      '60,1',
      '61,1',
    ];
    await writeFile(join(dir, 'tasks.csv'), `${lines.join('\n')}\n`);
    const { stdout, code } = await gantry([
      'sim',
      '--trace',
      'tasks.csv',
      '--policy',
      'window',
      '--json',
      '--svg',
      'chart.svg',
      '--worker-concurrency',
      '2',
      '--start-latency',
      '2s',
      '--slo',
      '5s',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as SimRunOutput;
    const [r] = out.results;
    expect(out.results).toHaveLength(1);
    expect(r?.policy).toBe('window');
    expect(r?.workload.name).toBe('tasks');
    expect(r?.figures.tasks).toBe(10);
    expect(r?.figures.completed).toBe(10);
    // 8 × 3 s + 2 × 1 s of work on 2 slots per worker.
    expect(r?.figures.workBoundWorkerSeconds).toBe(13);
    expect(r?.config.startLatency).toEqual({ minMs: 2000, maxMs: 2000 });
    expect(r?.figures.waitMaxMs).toBeGreaterThan(0);
    const svg = await readFile(join(dir, 'chart.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('prints a comparison table', async () => {
    const { stdout, code } = await gantry([
      'sim',
      '--shape',
      'spike',
      '--bins',
      '0:120',
      '--compare',
    ]);
    expect(code).toBe(0);
    for (const policy of ['threshold', 'target', 'window', 'predictive'])
      expect(stdout).toMatch(new RegExp(`^${policy} `, 'm'));
    expect(stdout).toContain('×oracle');
  });

  it('rejects a bad flag or knob with exit code 2 and names it', async () => {
    const knob = await gantry([
      'sim',
      '--shape',
      'step',
      '--policy',
      'window',
      '--param',
      'targetUtilization=3',
    ]);
    expect(knob.code).toBe(2);
    expect(knob.stderr).toContain('targetUtilization');
    const bins = await gantry(['sim', '--shape', 'step', '--bins', 'x']);
    expect(bins.code).toBe(2);
    expect(bins.stderr).toContain('--bins');
  });
});
