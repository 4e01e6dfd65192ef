import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/engine/create-engine';
import { silentLogger } from '../../../src/main/log/logger';
import { JournalStore } from '../../../src/main/queue/journal-store';
import { testSettings } from './engine-harness';
import { InProcessRuntime, until } from './fake-runtime';

describe('engine start on a journal left by a crash', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('requeues the interrupted task, says so on the timeline, and runs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-recovery-'));
    dirs.push(dir);
    const before = await JournalStore.open({ dataDir: dir, durability: 'fsync' });
    const defaults = { maxAttempts: 3, timeoutMs: 1000 };
    const [task] = await before.enqueue([{ payload: 'survivor' }], defaults, 1);
    await before.lease('w-gone', 60_000, 2);
    await before.close();

    const engine = await createEngine(testSettings(dir), {
      logger: silentLogger(),
      runtime: new InProcessRuntime(),
    });
    await engine.start();
    try {
      const notices = await engine.handlers['events.list']({ types: ['notice'], limit: 10 });
      expect(notices.map((e) => e.message)).toContain(
        'queue journal recovered: 1 interrupted tasks requeued',
      );
      await until(() => engine.snapshot().queue.counts.succeeded === 1, 10_000, 'the rerun');
      const done = await engine.handlers['tasks.get'](task?.id ?? '');
      expect(done).toMatchObject({ state: 'succeeded', attempt: 2, payload: 'survivor' });
    } finally {
      await engine.stop();
    }
  });
});

describe('createEngine with bad policy knobs', () => {
  it('refuses before opening anything', async () => {
    const dir = join(tmpdir(), `gantry-bad-policy-${process.pid}-${Date.now()}`);
    const settings = { ...testSettings(dir), policyParams: { nonsense: 1 } };
    await expect(
      createEngine(settings, { logger: silentLogger(), runtime: new InProcessRuntime() }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(existsSync(join(dir, 'queue'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
