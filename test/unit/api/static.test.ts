import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, Harness } from './harness';

let h: Harness;
let root: string;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'gantry-static-'));
  const build = join(root, 'renderer');
  mkdirSync(join(build, 'assets'), { recursive: true });
  const page = '<!doctype html><script type="module" src="/assets/app-1.js"></script>';
  writeFileSync(join(build, 'index.html'), page);
  writeFileSync(join(build, 'assets', 'app-1.js'), 'console.log("hi");');
  writeFileSync(join(root, 'secret.txt'), 'not for the web');
  h = await Harness.start({ staticDir: build });
});

afterEach(async () => {
  await h.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the dashboard files', () => {
  it('serves index.html at / without a token, uncached, under a strict CSP', async () => {
    const answer = await h.request('GET', '/', { auth: false });

    expect(answer.status).toBe(200);
    expect(answer.text).toContain('app-1.js');
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    const csp = answer.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
  });

  it('serves hashed assets with their type, cached', async () => {
    const answer = await h.request('GET', '/assets/app-1.js', { auth: false });

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['cache-control']).toContain('immutable');
  });

  it('never serves a file outside the build', async () => {
    const paths = ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00'];
    for (const path of paths) {
      const answer = await h.request('GET', path, { auth: false });
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.text).not.toContain('not for the web');
    }
  });

  it('answers a missing file with a JSON 404', async () => {
    const answer = await h.request('GET', '/assets/nope.js', { auth: false });

    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe('not_found');
  });

  it('still checks the Host header', async () => {
    const answer = await h.request('GET', '/', {
      auth: false, headers: { host: `rebound.example:${h.port}` },
    });

    expect(answer.status).toBe(403);
  });
});

describe('without a build', () => {
  it('has no dashboard route', async () => {
    const bare = await Harness.start();
    try {
      const answer = await bare.request('GET', '/', { auth: false });
      expect(answer.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
