import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEGMENT_MAGIC } from '../../../src/main/queue/journal/frames';
import { JournalWriter } from '../../../src/main/queue/journal/writer';
import { Logger, MemorySink } from '../../../src/main/log/logger';
import { useJournalDirs } from '../../queue/journal-fixtures';

describe('JournalWriter', () => {
  const { dir } = useJournalDirs();

  it('after a failed write, refuses every change until reopened, and says so once', async () => {
    const path = join(dir(), 'journal-000001.log');
    await writeFile(path, SEGMENT_MAGIC);
    // A handle that cannot write: every write fails as a full or broken disk would.
    const fh = await open(path, 'r');
    const sink = new MemorySink();
    const writer = new JournalWriter({
      dir: dir(),
      seq: 1,
      fh,
      size: SEGMENT_MAGIC.length,
      allocated: SEGMENT_MAGIC.length,
      durability: 'fsync',
      compactBytes: 1 << 30,
      relaxedSyncMs: 1000,
      snapshot: () => [],
      log: new Logger([sink], 'debug'),
    });

    const first = writer.append('{"t":"purge","now":1}');
    const second = writer.append('{"t":"purge","now":2}');
    await expect(first).rejects.toThrow(/queue journal write failed/);
    await expect(second).rejects.toThrow(/queue journal write failed/);
    await expect(writer.append('{"t":"purge","now":3}')).rejects.toThrow(/restart to recover/);
    await expect(writer.flush()).rejects.toThrow(/queue journal write failed/);
    expect(sink.records.filter((r) => r.level === 'error')).toHaveLength(1);
    await writer.close();
  });
});
