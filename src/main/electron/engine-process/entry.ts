// Entry of the engine process the desktop app starts with `utilityProcess.fork`: Electron
// gives it `process.parentPort`. Under plain Node (`child_process.fork`, used by the tests
// and the benchmark) it talks over the IPC channel instead. It never imports electron.
import type { FromEngine, MessagePortLike, ToEngine } from './protocol';
import { serveEngine } from './host';

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function parentPort(): ParentPortLike | undefined {
  const candidate: unknown = Reflect.get(process, 'parentPort');
  return typeof candidate === 'object' && candidate !== null
    ? (candidate as ParentPortLike)
    : undefined;
}

function connect(): MessagePortLike<ToEngine, FromEngine> {
  const electronPort = parentPort();
  if (electronPort !== undefined) {
    return {
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a process port
      post: (message) => electronPort.postMessage(message),
      onMessage: (listener) =>
        electronPort.on('message', (event) => listener(event.data as ToEngine)),
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined)
    throw new Error('the engine process was started without a channel to its parent');
  // A parent that dies without asking for a stop: stop anyway (workers, journal flush).
  process.on('disconnect', () => process.emit('message', { type: 'stop' }, undefined));
  return {
    post: (message) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToEngine)),
  };
}

serveEngine(connect(), (code) => {
  // Let the last message leave before exiting.
  setImmediate(() => process.exit(code));
});
