import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySink, Logger } from '../../../src/main/log/logger';
import { Harness } from './harness';

let h: Harness;
let sink: MemorySink;

beforeEach(async () => {
  sink = new MemorySink();
  h = await Harness.start({ logger: new Logger([sink], 'debug') });
});

afterEach(async () => {
  await h.close();
});

describe('POST /api/{method}', () => {
  it('answers {ok: true, value} with the handler result, defaults filled in', async () => {
    const answer = await h.request('POST', '/api/workers.logs', { body: { id: 'w1' } });

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true, value: { text: 'w1:200' } });
  });

  it('accepts an empty body or null for channels without input', async () => {
    const empty = await h.request('POST', '/api/queue.purge');
    const nul = await h.request('POST', '/api/queue.purge', { body: null });

    expect(empty.json).toEqual({ ok: true, value: { purged: 0 } });
    expect(nul.json).toEqual({ ok: true, value: { purged: 0 } });
  });

  it('validates with the channel schema and names the field', async () => {
    const answer = await h.request('POST', '/api/queue.enqueue', {
      body: [{ payload: 1 }, { payload: 2, runAt: -5 }],
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: '[1].runAt' },
    });
    expect(h.engine.enqueued).toEqual([]);
  });

  it('keeps the code of a handler error and maps it to its status', async () => {
    const unknown = await h.request('POST', '/api/tasks.get', { body: JSON.stringify('nope') });
    const unavailable = await h.request('POST', '/api/tasks.cancel', {
      body: JSON.stringify('t1'),
    });

    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(unavailable.status).toBe(503);
  });

  it('answers a rejected settings change as invalid_input naming the setting', async () => {
    const answer = await h.request('POST', '/api/settings.set', {
      body: { minWorkers: 50, maxWorkers: 5 },
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'minWorkers' },
    });
  });

  it('hides an unexpected error behind internal, and logs its cause', async () => {
    const answer = await h.request('POST', '/api/workers.list');

    expect(answer.status).toBe(500);
    expect(answer.json).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error (see the log)' },
    });
    expect(answer.text).not.toContain('/secret/path');
    const logged = sink.records.find((r) => r.level === 'error');
    expect(JSON.stringify(logged?.fields)).toContain('/secret/path');
  });

  it('passes Retry-After through for a full queue', async () => {
    h.engine.queueLimit = 0;
    const answer = await h.request('POST', '/api/queue.enqueue', { body: [{ payload: 1 }] });

    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('3');
    expect(answer.json).toMatchObject({ ok: false, error: { code: 'queue_full', retryAfterS: 3 } });
  });

  it('answers a body that is not JSON in the same result shape', async () => {
    const answer = await h.request('POST', '/api/queue.pause', { body: '{' });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('only takes POST', async () => {
    const answer = await h.request('GET', '/api/settings.get');

    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
  });
});
