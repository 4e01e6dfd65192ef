import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceImageTag } from '../../../src/main/runtime/docker/image-builder';
import { docker, mustRun, referenceImage, skipReason } from './docker-harness';

const run = promisify(execFile);
const GANTRY = resolve(import.meta.dirname, '../../../bin/gantry.js');

describe.runIf(mustRun)(`gantry image${skipReason}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-image-cmd-'));
  const tag = `gantry-test/image-cmd:${process.pid}`;

  beforeAll(async () => {
    if (!docker.available) throw new Error(`CI is set but ${docker.reason}`);
    await referenceImage();
  }, 120_000);

  afterAll(async () => {
    await new Dockerode()
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the offline image as up to date once built', async () => {
    const { stdout } = await run(process.execPath, [GANTRY, 'image', '--json']);

    expect(JSON.parse(stdout)).toMatchObject({
      mode: 'offline',
      tag: referenceImageTag(),
      built: false,
    });
  });

  it('builds a Dockerfile context with progress on stderr', async () => {
    // FROM scratch needs no registry, so the --dockerfile path runs here too.
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    writeFileSync(join(dir, 'hello.txt'), 'hello\n');

    const { stdout, stderr } = await run(process.execPath, [
      GANTRY,
      'image',
      '--dockerfile',
      '--context',
      dir,
      '--tag',
      tag,
    ]);
    const info = await new Dockerode().getImage(tag).inspect();

    expect(stdout).toMatch(
      new RegExp(
        `^${tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${info.Id.slice(7, 19)} built in \\d+\\.\\d s\\n$`,
      ),
    );
    expect(stderr).toContain('Step 2/2 : COPY hello.txt /hello.txt');
    expect(stderr).toMatch(/sending context .*\(100%\)/);
  });

  it('refuses contradictory flags with the usage', async () => {
    const failure = await run(process.execPath, [
      GANTRY,
      'image',
      '--offline',
      '--dockerfile',
    ]).catch((e: unknown) => e);

    expect(failure).toMatchObject({ code: 2 });
    expect(String((failure as { stderr?: string }).stderr)).toContain(
      'choose --offline or --dockerfile, not both',
    );
  });
});
