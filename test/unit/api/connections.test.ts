import { afterEach, describe, expect, it } from 'vitest';
import { Harness, waitFor } from './harness';

let h: Harness | undefined;

async function start(requestTimeoutMs = 60_000, maxConnections = 1000): Promise<Harness> {
  h = await Harness.start({ requestTimeoutMs, maxConnections });
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
});

function openRequest(server: Harness, path: string, length: number) {
  return server.open(path, { 'content-length': String(length) });
}

describe('connections', () => {
  it('stops waiting when a /dispatch-task client goes away; the task stays accepted', async () => {
    const server = await start();
    const body = JSON.stringify({ payload: 'long' });
    const req = openRequest(server, '/dispatch-task', body.length);
    req.on('error', () => undefined);
    req.end(body);
    await waitFor(() => server.engine.dispatchSignals.length === 1);

    req.destroy();
    await waitFor(() => server.engine.dispatchSignals[0]!.aborted);

    expect(server.engine.tasks.get('t1')?.state).toBe('queued');
  });

  it('answers a /dispatch-task that outlasts the request timeout', async () => {
    const server = await start(300);
    const pending = server.request('POST', '/dispatch-task', { body: { payload: 1 } });
    await waitFor(() => server.engine.tasks.has('t1'));

    // Real time must pass here: the timeout sweep (every second) has to run at least once
    // while the answer is pending, with the request timeout (300 ms) long expired.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.engine.finish('t1', { state: 'succeeded', result: 'late' });

    expect((await pending).json).toMatchObject({ state: 'succeeded', result: 'late' });
  });

  it('cuts a client that sends its body too slowly', async () => {
    const server = await start(300);
    const req = openRequest(server, '/enqueue-task', 100);
    req.write('{"payload": ');
    const started = Date.now();

    const outcome = await new Promise<string>((resolve) => {
      req.on('response', (res) => resolve(String(res.statusCode)));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });

    expect(['408', 'ECONNRESET']).toContain(outcome);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.engine.enqueued).toEqual([]);
  });

  it('refuses connections over the cap', async () => {
    const server = await start(60_000, 2);
    const held = [1, 2].map(() => openRequest(server, '/dispatch-task', 100));
    await Promise.all(
      held.map((req) => {
        req.on('error', () => undefined);
        req.write('{');
        return new Promise((resolve) => {
          req.on('socket', (socket) => socket.on('connect', resolve));
        });
      }),
    );
    // The server accepts in its poll phase; two turns of the loop let it take both.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));

    const third = await server.request('GET', '/healthz').then(
      (answer) => String(answer.status),
      (error: NodeJS.ErrnoException) => error.code ?? 'error',
    );
    for (const req of held) req.destroy();
    const healthy = async (): Promise<boolean> =>
      (await server.request('GET', '/healthz').catch(() => undefined))?.status === 200;
    let after = false;
    for (let tries = 0; tries < 100 && !after; tries++) after = await healthy();

    expect(['ECONNRESET', 'EPIPE']).toContain(third);
    expect(after).toBe(true);
  });
});
