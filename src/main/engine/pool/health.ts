import { request } from 'node:http';

/** One `GET /healthz`; true on 200 within `timeoutMs`, false otherwise (never throws). */
export function checkHealth(address: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const [host, port] = splitAddress(address);
    const options = { host, port, path: '/healthz', method: 'GET', timeout: timeoutMs };
    const req = request(options, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('health check timed out')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** `127.0.0.1:4000` → `['127.0.0.1', 4000]`. */
export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

export interface HealthWait {
  address: string;
  /** Gives up after this long. */
  timeoutMs: number;
  now: () => number;
  /** Stops waiting early (the worker exited, the engine stops). */
  cancelled: () => boolean;
}

/**
 * Polls `/healthz` until it answers 200: short per-request timeouts and a growing pause
 * (50 ms, ×1.5, capped at 500 ms) so a fast worker joins within tens of ms and a slow one
 * is not hammered. The per-request timeout starts at 250 ms and doubles to 1 s: a port
 * Docker has just published can swallow the first connection, and waiting a full second
 * on it would delay every container start. Resolves true once healthy, false on timeout
 * or cancellation.
 */
export async function waitHealthy(wait: HealthWait): Promise<boolean> {
  const deadline = wait.now() + wait.timeoutMs;
  let pause = 50;
  let perTry = 250;
  while (!wait.cancelled()) {
    const left = deadline - wait.now();
    if (left <= 0) return false;
    if (await checkHealth(wait.address, Math.min(perTry, left))) return true;
    perTry = Math.min(1000, perTry * 2);
    if (wait.cancelled()) return false;
    const sleep = Math.min(pause, Math.max(0, deadline - wait.now()));
    await new Promise((resolve) => setTimeout(resolve, sleep));
    pause = Math.min(500, pause * 1.5);
  }
  return false;
}
