import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from './harness';
import { errorOf, Harness } from './harness';

let h: Harness;

beforeEach(async () => {
  h = await Harness.start();
});

afterEach(async () => {
  await h.close();
});

function corsHeaders(answer: Answer): string[] {
  return Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));
}

describe('bearer token', () => {
  it('answers 401 JSON without a token, with a wrong one, or with another scheme', async () => {
    const none = await h.request('GET', '/autoscaler-status', { auth: false });
    const wrong = await h.request('GET', '/autoscaler-status', {
      headers: { authorization: 'Bearer test-token-0123456789abcdeX' },
    });
    const basic = await h.request('GET', '/autoscaler-status', {
      headers: { authorization: 'Basic abc' },
    });

    for (const answer of [none, wrong, basic]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(errorOf(answer).code).toBe('unauthorized');
    }
  });

  it('guards every route but /healthz, the RPC bridge and the event stream included', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/enqueue-task'],
      ['GET', '/dequeue-task'],
      ['POST', '/dispatch-task'],
      ['GET', '/tasks/t1'],
      ['POST', '/tasks/t1/complete'],
      ['POST', '/tasks/t1/fail'],
      ['GET', '/metrics'],
      ['GET', '/events'],
      ['POST', '/api/queue.pause'],
    ];
    for (const [method, path] of routes) {
      const answer = await h.request(method, path, { auth: false });
      expect([`${method} ${path}`, answer.status]).toEqual([`${method} ${path}`, 401]);
    }
    expect(h.engine.enqueued).toEqual([]);
  });

  it('accepts the scheme in any case', async () => {
    const answer = await h.request('GET', '/autoscaler-status', {
      headers: { authorization: 'bearer test-token-0123456789abcdef' },
    });

    expect(answer.status).toBe(200);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('accepts the loopback names with our port', async () => {
    const names = ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'];
    for (const host of names.map((name) => `${name}:${h.port}`)) {
      const answer = await h.request('GET', '/autoscaler-status', { headers: { host } });
      expect([host, answer.status]).toEqual([host, 200]);
    }
  });

  it('refuses other names, other ports and no port with 403, before the token', async () => {
    const hosts = [`evil.example:${h.port}`, '127.0.0.1:1', 'localhost', `127.0.0.2:${h.port}`];
    for (const host of hosts) {
      const answer = await h.request('GET', '/healthz', { headers: { host }, auth: false });
      expect([host, answer.status]).toEqual([host, 403]);
      expect(errorOf(answer).code).toBe('forbidden');
    }
  });
});

describe('Origin check and CORS', () => {
  it('refuses a foreign Origin, even with the token', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${h.port + 1}`]) {
      const answer = await h.request('POST', '/enqueue-task', {
        headers: { origin }, body: { payload: 1 },
      });
      expect([origin, answer.status]).toEqual([origin, 403]);
    }
    expect(h.engine.enqueued).toEqual([]);
  });

  it('refuses a cross-site form post', async () => {
    const answer = await h.request('POST', '/enqueue-task', {
      auth: false,
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'payload=1',
    });

    expect(answer.status).toBe(403);
  });

  it('accepts our own origin', async () => {
    const answer = await h.request('POST', '/enqueue-task', {
      headers: { origin: `http://localhost:${h.port}` },
      body: { payload: 1 },
    });

    expect(answer.status).toBe(202);
  });

  it('never sends CORS headers, not even to a preflight', async () => {
    const answers = [
      await h.request('OPTIONS', '/enqueue-task', {
        headers: { origin: `http://127.0.0.1:${h.port}`, 'access-control-request-method': 'POST' },
      }),
      await h.request('GET', '/autoscaler-status', {
        headers: { origin: `http://127.0.0.1:${h.port}` },
      }),
      await h.request('GET', '/healthz', { headers: { origin: 'https://evil.example' } }),
    ];

    expect(answers.map((a) => a.status)).toEqual([405, 200, 403]);
    for (const answer of answers) expect(corsHeaders(answer)).toEqual([]);
  });
});
