import type { UtilityProcess } from 'electron';
import { utilityProcess } from 'electron';
import type { EngineChild } from './client';
import type { FromEngine } from './protocol';

/** The engine process as an Electron utility process owned by main (the built entry). */
export function forkUtilityEngine(entryPath: string): EngineChild {
  const child: UtilityProcess = utilityProcess.fork(entryPath, [], {
    serviceName: 'Gantry engine',
    stdio: 'inherit',
  });
  return {
    // Electron's process port, not window.postMessage: there is no origin to name.
    // oxlint-disable-next-line unicorn/require-post-message-target-origin
    post: (message) => child.postMessage(message),
    onMessage: (listener) =>
      child.on('message', (message: unknown) => listener(message as FromEngine)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
}
