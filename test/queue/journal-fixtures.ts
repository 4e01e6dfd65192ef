import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { JournalStore, type JournalStoreOptions } from '../../src/main/queue/journal-store';

/** Fresh temp directories for each test, removed after it; stores opened here are closed. */
export function useJournalDirs(): {
  dir: () => string;
  openStore: (dataDir: string, options?: Partial<JournalStoreOptions>) => Promise<JournalStore>;
} {
  const dirs: string[] = [];
  const stores: JournalStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    dir: () => {
      const d = mkdtempSync(join(tmpdir(), 'gantry-queue-'));
      dirs.push(d);
      return d;
    },
    openStore: async (dataDir, options = {}) => {
      const store = await JournalStore.open({ dataDir, durability: 'fsync', ...options });
      stores.push(store);
      return store;
    },
  };
}

/** The path of segment `seq` of a store opened on `dataDir`. */
export function segmentPath(dataDir: string, seq = 1): string {
  return join(dataDir, 'queue', `journal-${String(seq).padStart(6, '0')}.log`);
}
