import { fork } from 'node:child_process';
import type { EngineChild } from './client';
import type { FromEngine } from './protocol';

const SOURCE_ENTRY = new URL('./entry.ts', import.meta.url);

/**
 * The engine process as a plain Node child: what the tests and the benchmark use where
 * Electron's `utilityProcess` does not exist. By default the TypeScript entry (through
 * tsx); given the built `out/main/engine.js`, that file as the app would run it.
 */
export function forkNodeEngine(entry: URL = SOURCE_ENTRY): EngineChild {
  const execArgv = entry.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = fork(entry, [], { execArgv, stdio: 'inherit' });
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromEngine)),
    onExit: (listener) =>
      child.on('exit', (code, signal) => listener(code ?? (signal === null ? 0 : 1))),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}
