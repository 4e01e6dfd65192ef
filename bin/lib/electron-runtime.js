// Whether the desktop app can run here: an Electron binary on disk and a display to open a
// window on. Checked without `require('electron')`, which would try to download a missing
// binary.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron executable's path, or undefined when it is not installed.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function electronBinaryPath(env = process.env) {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  let relative;
  try {
    relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return undefined;
  }
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

/**
 * Why the desktop app cannot start here, in words for the user; undefined when it can.
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, binary?: string }} [options]
 * @returns {string | undefined}
 */
export function electronUnavailableReason(options = {}) {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const binary = 'binary' in options ? options.binary : electronBinaryPath(env);
  if (binary === undefined) {
    return env['ELECTRON_SKIP_BINARY_DOWNLOAD']
      ? 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)'
      : 'Electron binary not installed (its download failed; ' +
          '`node node_modules/electron/install.js` retries it)';
  }
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    return 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return undefined;
}
