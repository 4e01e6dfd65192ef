import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  offlineDockerfile,
  offlineRecipe,
  parseLdd,
} from '../../../../src/main/runtime/docker/offline-recipe';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-recipe-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('offline image recipe', () => {
  it('reads library paths and the loader from ldd output', () => {
    const output = [
      '\tlinux-vdso.so.1 (0x00007ffd5a1f2000)',
      '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f1e2a000000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1e29e1e000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f1e2a54a000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1e29e1e000)',
    ].join('\n');

    expect(parseLdd(output)).toEqual([
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
    expect(parseLdd('\tnot a dynamic executable\n')).toEqual([]);
  });

  it.runIf(process.platform === 'linux')(
    'packs node, its libraries and the worker; the hash follows the worker',
    async () => {
      const script = join(dir, 'worker.mjs');
      writeFileSync(script, 'export const v = 1;\n');

      const first = await offlineRecipe({ workerScript: script });
      const same = await offlineRecipe({ workerScript: script });
      writeFileSync(script, 'export const v = 2;\n');
      const changed = await offlineRecipe({ workerScript: script });

      const names = first.entries.map((e) => e.name);
      expect(names).toContain('Dockerfile');
      expect(names).toContain('rootfs/usr/local/bin/node');
      expect(names).toContain('rootfs/app/worker.mjs');
      expect(names.some((n) => /^rootfs\/.*libc\.so/.test(n))).toBe(true);
      expect(first.entries.find((e) => e.name === 'rootfs/tmp')).toMatchObject({
        kind: 'dir',
        mode: 0o1777,
      });
      expect(same.contentHash).toBe(first.contentHash);
      expect(changed.contentHash).not.toBe(first.contentHash);
    },
  );

  it('runs the worker as nobody on port 8080 from an empty base', () => {
    const dockerfile = offlineDockerfile();

    expect(dockerfile).toMatch(/^FROM scratch\n/);
    expect(dockerfile).toContain('USER 65534:65534');
    expect(dockerfile).toContain('PORT=8080');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "/app/worker.mjs"]');
  });

  it('says which script is missing', async () => {
    await expect(offlineRecipe({ workerScript: join(dir, 'nope.mjs') })).rejects.toThrow(
      /cannot read the worker script .*nope\.mjs/,
    );
  });
});
