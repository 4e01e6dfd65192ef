import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadInstanceId } from '../../../../src/main/runtime/docker/instance-id';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-instance-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('instance id', () => {
  it('is created once in the data directory and read back after', async () => {
    const data = join(dir, 'data');

    const [a, b] = await Promise.all([loadInstanceId(data), loadInstanceId(data)]);
    const later = await loadInstanceId(data);

    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toBe(a);
    expect(later).toBe(a);
    expect(readFileSync(join(data, 'instance-id'), 'utf8').trim()).toBe(a);
  });

  it('refuses a file that holds something else', async () => {
    writeFileSync(join(dir, 'instance-id'), 'not valid!\n');

    await expect(loadInstanceId(dir)).rejects.toThrow(/not an instance id; delete it/);
  });
});
