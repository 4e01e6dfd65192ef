import { fork } from 'node:child_process';
import type { EngineChild } from './client';
import type { FromEngine } from './protocol';

/**
 * The engine process as a plain Node child (the TypeScript entry through tsx): what the tests
 * and the benchmark use where Electron's `utilityProcess` does not exist.
 */
export function forkNodeEngine(env: NodeJS.ProcessEnv = process.env): EngineChild {
  const entry = new URL('./entry.ts', import.meta.url);
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], env, stdio: 'inherit' });
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
