import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleReason } from '../../../bin/lib/build-if-stale.js';
import { electronUnavailableReason } from '../../../bin/lib/electron-runtime.js';

describe('electronUnavailableReason', () => {
  it('names the skipped download when the binary is missing', () => {
    const reason = electronUnavailableReason({
      env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', DISPLAY: ':0' },
      platform: 'linux',
      binary: undefined,
    });

    expect(reason).toBe('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)');
  });

  it('names a failed download otherwise', () => {
    const reason = electronUnavailableReason({
      env: { DISPLAY: ':0' },
      platform: 'linux',
      binary: undefined,
    });

    expect(reason).toMatch(/^Electron binary not installed \(its download failed/);
  });

  it('needs a display on Linux only', () => {
    const binary = '/opt/electron/electron';

    expect(electronUnavailableReason({ env: {}, platform: 'linux', binary })).toMatch(
      /^no display/,
    );
    expect(
      electronUnavailableReason({
        env: { WAYLAND_DISPLAY: 'wayland-0' },
        platform: 'linux',
        binary,
      }),
    ).toBeUndefined();
    expect(
      electronUnavailableReason({ env: { DISPLAY: ':1' }, platform: 'linux', binary }),
    ).toBeUndefined();
    expect(electronUnavailableReason({ env: {}, platform: 'darwin', binary })).toBeUndefined();
    expect(electronUnavailableReason({ env: {}, platform: 'win32', binary })).toBeUndefined();
  });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'gantry-build-'));
  for (const dir of ['src/renderer', 'src/shared', 'out/renderer'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'electron.vite.config.ts'), '');
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'src/renderer/main.tsx'), '');
  return root;
}

function age(path: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, when, when);
}

describe('staleReason', () => {
  it('builds when nothing was built', () => {
    expect(staleReason('renderer', project())).toBe('out/renderer/index.html is missing');
  });

  it('skips the build when the output is newer than every source', () => {
    const root = project();
    for (const path of [
      'src/renderer/main.tsx',
      'src/renderer',
      'src/shared',
      'electron.vite.config.ts',
      'package.json',
    ]) {
      age(join(root, path), 60);
    }
    writeFileSync(join(root, 'out/renderer/index.html'), '');

    expect(staleReason('renderer', root)).toBeUndefined();
  });

  it('rebuilds when a source changed after the build', () => {
    const root = project();
    writeFileSync(join(root, 'out/renderer/index.html'), '');
    age(join(root, 'out/renderer/index.html'), 60);

    expect(staleReason('renderer', root)).toBe('src/renderer changed since the last build');
  });
});
