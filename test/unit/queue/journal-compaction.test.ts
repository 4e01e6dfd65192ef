import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompactionStep } from '../../../src/main/queue/journal-store';
import { useJournalDirs } from '../../queue/journal-fixtures';
import { randomOps } from '../../queue/random-ops';
import { drainOrder, observable } from '../../queue/store-fixtures';

describe('JournalStore compaction', () => {
  const { dir, openStore } = useJournalDirs();

  it('compacts past the size threshold and keeps every live task', async () => {
    const data = dir();
    const store = await openStore(data, { compactBytes: 8 * 1024 });
    const end = await randomOps(store, 3, 1_500);
    const before = observable(store, end);
    const stats = store.stats();
    expect(stats.compactions).toBeGreaterThan(0);
    expect(stats.segment).toBeGreaterThan(1);
    await store.close();

    const files = readdirSync(join(data, 'queue')).toSorted();
    const segment = `journal-${String(stats.segment).padStart(6, '0')}.log`;
    expect(files.filter((f) => f.endsWith('.log'))).toEqual([segment]);
    expect(files.filter((f) => f.endsWith('.snap'))).toHaveLength(1);
    const reopened = await openStore(data);
    expect(reopened.recovery.snapshotTasks).toBeGreaterThan(0);
    expect(observable(reopened, end)).toEqual(before);
  });

  it('a crash at any step of a compaction recovers the same state', async () => {
    const data = dir();
    const images = new Map<CompactionStep, string>();
    const store = await openStore(data, {
      onCompactionStep: (step) => {
        const image = dir();
        mkdirSync(join(image, 'queue'));
        // A crash image: the files as they are now, without this live process's lock.
        cpSync(join(data, 'queue'), join(image, 'queue'), {
          recursive: true,
          filter: (src) => !src.endsWith('LOCK'),
        });
        images.set(step, image);
      },
    });
    const end = await randomOps(store, 5, 500);
    const expected = observable(store, end);
    await store.compact();
    expect([...images.keys()]).toEqual([
      'rotated',
      'snapshot-temp',
      'snapshot-renamed',
      'compacted',
    ]);
    const expectedOrder = await drainOrder(store, end + 1e9);

    for (const [step, image] of images) {
      const reopened = await openStore(image);
      const temps = readdirSync(join(image, 'queue')).filter((f) => f.endsWith('.tmp'));
      const state = observable(reopened, end);
      const order = await drainOrder(reopened, end + 1e9);
      expect({ step, temps, state, order }).toEqual({
        step,
        temps: [],
        state: expected,
        order: expectedOrder,
      });
    }
  });
});
