import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../../../src/main/config/token';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gantry-token-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('loadOrCreateToken', () => {
  it('creates 32 random bytes as base64url, in a 0600 file in a 0700 directory', async () => {
    const data = join(root, 'data');

    const created = await loadOrCreateToken(data);

    expect(created.source).toBe('created');
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.token, 'base64url')).toHaveLength(32);
    expect(readFileSync(created.path, 'utf8').trim()).toBe(created.token);
    expect(mode(created.path)).toBe(0o600);
    expect(mode(data)).toBe(0o700);
  });

  it('reuses the token on the next start', async () => {
    const first = await loadOrCreateToken(root);
    const second = await loadOrCreateToken(root);

    expect(second).toEqual({ ...first, source: 'file' });
  });

  it('differs between installs', async () => {
    const a = await loadOrCreateToken(join(root, 'a'));
    const b = await loadOrCreateToken(join(root, 'b'));

    expect(a.token).not.toBe(b.token);
  });

  it('uses an override without writing it anywhere', async () => {
    const token = await loadOrCreateToken(join(root, 'data'), 'from-flag');

    expect(token).toMatchObject({ token: 'from-flag', source: 'flag' });
    expect(existsSync(token.path)).toBe(false);
  });

  it('narrows a token file others can read to 0600', async () => {
    const path = join(root, 'api-token');
    writeFileSync(path, 'kept-token\n');
    chmodSync(path, 0o644);

    const token = await loadOrCreateToken(root);

    expect(token).toMatchObject({ token: 'kept-token', source: 'file' });
    expect(mode(path)).toBe(0o600);
  });

  it('replaces an empty token file', async () => {
    writeFileSync(join(root, 'api-token'), '\n');

    const token = await loadOrCreateToken(root);

    expect(token.source).toBe('created');
    expect(token.token).toHaveLength(43);
  });
});
