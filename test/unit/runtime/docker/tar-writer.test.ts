import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TarEntry } from '../../../../src/main/runtime/docker/tar-writer';
import { tarHeader, tarSize, tarStream } from '../../../../src/main/runtime/docker/tar-writer';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-tar-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function collect(entries: TarEntry[], onBytes?: (sent: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of tarStream(entries, onBytes)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('tar writer', () => {
  it('writes an archive the system tar extracts byte for byte, modes included', async () => {
    const source = join(dir, 'big.bin');
    const content = Buffer.alloc(1024 * 1024 + 13, 7);
    writeFileSync(source, content);
    const longName = `rootfs/${'deep/'.repeat(25)}file.txt`;
    const entries: TarEntry[] = [
      { kind: 'dir', name: 'rootfs', mode: 0o755 },
      { kind: 'dir', name: 'rootfs/tmp', mode: 0o1777 },
      { kind: 'file', name: 'rootfs/bin/big.bin', mode: 0o755, size: content.length, source },
      {
        kind: 'data',
        name: 'rootfs/app/worker.mjs',
        mode: 0o644,
        data: Buffer.from('export {};\n'),
      },
      { kind: 'data', name: longName, mode: 0o600, data: Buffer.from('long') },
    ];
    const seen: number[] = [];

    const archive = await collect(entries, (sent) => seen.push(sent));
    writeFileSync(join(dir, 'out.tar'), archive);
    const out = join(dir, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xpf', join(dir, 'out.tar'), '-C', out]);

    expect(archive.length).toBe(tarSize(entries));
    expect(archive.length % 512).toBe(0);
    expect(seen.at(-1)).toBe(archive.length);
    expect(readFileSync(join(out, 'rootfs/bin/big.bin')).equals(content)).toBe(true);
    expect(statSync(join(out, 'rootfs/bin/big.bin')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(out, 'rootfs/app/worker.mjs'), 'utf8')).toBe('export {};\n');
    expect(readFileSync(join(out, longName), 'utf8')).toBe('long');
    expect(statSync(join(out, 'rootfs/tmp')).mode & 0o7777).toBe(0o1777);
  });

  it('fails the stream when a file changes size while archived', async () => {
    const source = join(dir, 'f');
    writeFileSync(source, 'abc');

    const result = collect([{ kind: 'file', name: 'f', mode: 0o644, size: 10, source }]);

    await expect(result).rejects.toThrow(/shrank while being archived/);
  });

  it('checksums each header as ustar readers expect', () => {
    const header = tarHeader({ kind: 'data', name: 'a.txt', mode: 0o644, data: Buffer.from('hi') });
    const stored = Number.parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(header);
    copy.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of copy) sum += byte;

    expect(stored).toBe(sum);
    expect(header.subarray(257, 262).toString('ascii')).toBe('ustar');
  });

  it('refuses a path ustar cannot hold', () => {
    expect(() => tarHeader({ kind: 'dir', name: 'x'.repeat(300), mode: 0o755 })).toThrow(
      /too long/,
    );
  });
});
