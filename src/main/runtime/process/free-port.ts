import { createServer } from 'node:net';

/** Ports handed out recently, so two workers started in the same instant never share one. */
const recent = new Map<number, number>();
const RECENT_MS = 30_000;

/**
 * A port free at the time of the call: listen on port 0, read what the kernel chose, close.
 * Another process may take it before the worker binds it; the worker then exits with
 * EADDRINUSE and the pool starts it again (see `isPortInUse`).
 */
export async function pickFreePort(host = '127.0.0.1'): Promise<number> {
  const now = Date.now();
  for (const [port, at] of recent) if (now - at > RECENT_MS) recent.delete(port);
  for (let tries = 0; tries < 20; tries++) {
    const port = await listenOnce(host);
    if (!recent.has(port)) {
      recent.set(port, now);
      return port;
    }
  }
  throw new Error('no free port found after 20 tries');
}

function listenOnce(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
