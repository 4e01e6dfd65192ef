#!/usr/bin/env node
// `npm start`: the desktop app when Electron and a display are available; otherwise the same
// engine headless with the dashboard over HTTP, saying why.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-if-stale.js';
import { electronBinaryPath, electronUnavailableReason } from './lib/electron-runtime.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/**
 * Runs a child with our stdio, passes on Ctrl-C and termination, and exits with its code.
 * @param {string} command
 * @param {string[]} argv
 */
function run(command, argv) {
  // Its own process group on POSIX, so a terminal's Ctrl+C reaches it once (forwarded from
  // here) rather than twice, which `serve` would take as "stop now, skip the drain".
  const detached = process.platform !== 'win32';
  const child = spawn(command, argv, { cwd: root, stdio: 'inherit', detached });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  child.on('error', (error) => {
    process.stderr.write(`gantry: could not start ${command}: ${error.message}\n`);
    process.exitCode = 1;
  });
}

try {
  const reason = electronUnavailableReason();
  const binary = electronBinaryPath();
  if (reason === undefined && binary !== undefined) {
    await buildIfStale('all');
    run(binary, ['.', ...args]);
  } else {
    process.stderr.write(
      `gantry: not opening the desktop app: ${reason}.\n` +
        'gantry: starting the same engine headless; open the dashboard at the address below.\n',
    );
    await buildIfStale('renderer');
    run(process.execPath, [fileURLToPath(new URL('gantry.js', import.meta.url)), 'serve', ...args]);
  }
} catch (error) {
  process.stderr.write(`gantry: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
