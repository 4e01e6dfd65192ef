import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, Harness } from './harness';

let h: Harness;

beforeEach(async () => {
  h = await Harness.start({ maxPayloadBytes: 1024 });
});

afterEach(async () => {
  await h.close();
});

describe('invalid input answers 400 naming the field', () => {
  it('names the index and key of a bad spec in a batch', async () => {
    const body = [{ payload: 1 }, { payload: 2 }, { payload: 3 }, { payload: 4, maxAttempts: 0 }];
    const answer = await h.request('POST', '/enqueue-task', { body });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: 'invalid_input', field: '[3].maxAttempts' });
    expect(h.engine.enqueued).toEqual([]);
  });

  it('names the key of a bad single spec', async () => {
    const answer = await h.request('POST', '/enqueue-task', {
      body: { payload: 1, timeoutMs: 'soon' },
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).field).toBe('timeoutMs');
  });

  it('refuses a spec without payload, and unknown keys', async () => {
    const missing = await h.request('POST', '/enqueue-task', { body: { maxAttempts: 2 } });
    const unknown = await h.request('POST', '/enqueue-task', { body: { payload: 1, priority: 9 } });

    expect(errorOf(missing).field).toBe('payload');
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toContain('priority');
  });

  it('refuses an empty batch and an empty body', async () => {
    const empty = await h.request('POST', '/enqueue-task', { body: [] });
    const none = await h.request('POST', '/enqueue-task');

    expect(empty.status).toBe(400);
    expect(none.status).toBe(400);
    expect(errorOf(none).code).toBe('invalid_input');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const answer = await h.request('POST', '/enqueue-task', { body: '{"payload": ' });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).message).toMatch(/not valid JSON/);
  });

  it('answers 400 for a body that is not declared as JSON', async () => {
    const answer = await h.request('POST', '/enqueue-task', {
      body: '{"payload": 1}',
      headers: { 'content-type': 'text/plain' },
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).message).toContain('application/json');
  });

  it('names the field of a bad pull-mode report', async () => {
    const answer = await h.request('POST', '/tasks/t1/fail', {
      body: { lease: 'x', retryable: 'yes' },
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).field).toBe('retryable');
  });
});

describe('routes and methods', () => {
  it('answers 404 JSON for an unknown route and an unknown RPC method', async () => {
    for (const path of ['/nope', '/tasks/t1/explode', '/api/queue.explode', '/api/']) {
      const answer = await h.request('POST', path, { body: {} });
      expect([path, answer.status]).toEqual([path, 404]);
      expect(errorOf(answer).code).toBe('not_found');
    }
  });

  it('answers 405 JSON with Allow for a wrong method', async () => {
    const answer = await h.request('DELETE', '/enqueue-task');
    const get = await h.request('GET', '/dispatch-task');

    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(errorOf(answer).code).toBe('invalid_input');
    expect(get.status).toBe(405);
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After when the queue is full', async () => {
    h.engine.queueLimit = 2;
    const answer = await h.request('POST', '/enqueue-task', {
      body: [{ payload: 1 }, { payload: 2 }, { payload: 3 }],
    });

    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('3');
    expect(errorOf(answer).code).toBe('queue_full');
  });

  it('follows maxPayload when it is raised live', async () => {
    const body = { payload: 'x'.repeat(40 * 1024) };
    const before = await h.request('POST', '/dispatch-task', { body });

    h.engine.settings = { ...h.engine.settings, maxPayload: 64 * 1024 };
    const after = await h.request('POST', '/enqueue-task', { body });

    expect(before.status).toBe(413);
    expect(after.status).toBe(202);
  });

  it('lets a batch carry its envelope: small tasks over maxPayload in total pass', async () => {
    const body = Array.from({ length: 200 }, (_, i) => ({ payload: { i }, maxAttempts: 3 }));
    const answer = await h.request('POST', '/enqueue-task', { body });

    expect(JSON.stringify(body).length).toBeGreaterThan(1024);
    expect(answer.status).toBe(202);
  });

  it('answers 413 from the declared length, and closes the connection', async () => {
    const answer = await h.request('POST', '/dispatch-task', {
      body: { payload: 'x'.repeat(40 * 1024) },
    });

    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(h.engine.enqueued).toEqual([]);
  });

  it('answers 413 while a streamed body is still arriving, and stops reading it', async () => {
    const result = await streamUntilClosed(h, '/enqueue-task', 256 * 1024 * 1024);

    expect(result.status).toBe(413);
    // The server closed the connection under the client: it did not drain 256 MiB.
    expect(result.finished).toBe(false);
    expect(result.sent).toBeLessThan(256 * 1024 * 1024);
  });
});

/**
 * Streams a chunked JSON body of up to `maxBytes`, going on after the answer, until the
 * server closes the connection or everything was sent.
 */
function streamUntilClosed(
  server: Harness,
  path: string,
  maxBytes: number,
): Promise<{ status: number; sent: number; finished: boolean }> {
  return new Promise((resolve) => {
    let sent = 0;
    let status = 0;
    let finished = false;
    const req = server.open(path, { 'transfer-encoding': 'chunked' }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve({ status, sent, finished }));
    req.write('{"payload": "');
    const chunk = 'x'.repeat(64 * 1024);
    const pump = (): void => {
      while (!req.destroyed && sent < maxBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!req.destroyed) {
        finished = true;
        req.end('"}');
      }
    };
    pump();
  });
}
