import {
  appendFileSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  writeSync,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalCorruptError } from '../../../src/main/queue/journal-store';
import { frameOffsets } from '../../queue/journal-bytes';
import { segmentPath, useJournalDirs } from '../../queue/journal-fixtures';
import { enqueueOne, T0 } from '../../queue/store-fixtures';

describe('JournalStore damage handling', () => {
  const { dir, openStore } = useJournalDirs();

  /** A closed journal holding `n` tasks, one frame each. */
  async function journalOf(n: number): Promise<{ data: string; ids: string[] }> {
    const data = dir();
    const store = await openStore(data);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await enqueueOne(store, { payload: i }, T0 + i)).id);
    await store.close();
    return { data, ids };
  }

  it('cuts off a torn final batch, keeps it beside the journal and reports it', async () => {
    const { data, ids } = await journalOf(20);
    const file = segmentPath(data);
    const cleanSize = statSync(file).size;
    // A batch whose write stopped part way: its header promises 200 bytes, 50 arrived.
    const torn = Buffer.concat([
      Buffer.from([200, 0, 0, 0, 1, 2, 3, 4]),
      Buffer.from('{"t":"enqueue","now":1,"tasks":[{"id":"x'.padEnd(50, 'x')),
    ]);
    appendFileSync(file, torn);

    const store = await openStore(data);
    expect(store.recovery.tornBytes).toBe(torn.length);
    expect(store.recovery.damagedFile).toMatch(/journal-000001\.log\.damaged-\d{8}T\d{6}Z$/);
    expect(readFileSync(store.recovery.damagedFile ?? '')).toEqual(torn);
    expect(statSync(file).size).toBe(cleanSize);
    expect(ids.every((id) => store.get(id)?.state === 'queued')).toBe(true);

    await enqueueOne(store, { payload: 'after' }, T0 + 100);
    await store.close();
    const again = await openStore(data);
    expect(again.recovery.tornBytes).toBe(0);
    expect(again.counts().queued).toBe(21);
  });

  it('a journal cut inside its last record loses only that unacknowledged batch', async () => {
    const { data, ids } = await journalOf(10);
    const file = segmentPath(data);
    const offsets = frameOffsets(file);
    const last = offsets[offsets.length - 1] as number;
    const cutSize = statSync(file).size - 5;
    truncateSync(file, cutSize);

    const store = await openStore(data);
    expect(store.recovery.tornBytes).toBe(cutSize - last);
    expect(statSync(file).size).toBe(last);
    expect(store.counts().queued).toBe(9);
    expect(store.get(ids[9] as string)).toBeUndefined();
    expect(store.get(ids[8] as string)?.state).toBe('queued');
  });

  it('refuses to open over mid-journal damage, naming file, offset and remedy', async () => {
    const { data } = await journalOf(10);
    const file = segmentPath(data);
    const third = frameOffsets(file)[2] as number;
    const bytes = readFileSync(file);
    bytes[third + 20] = (bytes[third + 20] as number) ^ 0xff;
    writeFileSync(file, bytes);

    const error = await openStore(data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect(error).toMatchObject({ file, offset: third, repairable: true });
    expect(String((error as Error).message)).toContain(`${file} is damaged at byte ${third}`);
    expect(String((error as Error).message)).toContain('repair');
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('repair keeps the history before the damage and sets the rest aside', async () => {
    const { data, ids } = await journalOf(10);
    const file = segmentPath(data);
    const third = frameOffsets(file)[2] as number;
    const bytes = readFileSync(file);
    bytes[third + 20] = (bytes[third + 20] as number) ^ 0xff;
    writeFileSync(file, bytes);

    const store = await openStore(data, { repair: true });
    expect(store.recovery.repaired).toMatchObject({
      file,
      offset: third,
      droppedBytes: bytes.length - third,
    });
    expect(readFileSync(store.recovery.damagedFile ?? '')).toEqual(bytes.subarray(third));
    expect(store.counts().queued).toBe(2);
    expect(ids.slice(0, 2).every((id) => store.get(id))).toBe(true);
    await store.close();
    expect((await openStore(data)).recovery.repaired).toBeUndefined();
  });

  it('zeros preallocated after the records end it cleanly; a torn write there is cut', async () => {
    const data = dir();
    const store = await openStore(data);
    for (let i = 0; i < 5; i++) await enqueueOne(store, { payload: i });
    // Crash images: the files as they are while the store is still open.
    const image = (): string => {
      const copy = dir();
      mkdirSync(join(copy, 'queue'));
      copyFileSync(segmentPath(data), segmentPath(copy));
      return copy;
    };
    const clean = image();
    const torn = image();
    expect(frameOffsets(segmentPath(data))).toHaveLength(5);
    expect(statSync(segmentPath(data)).size).toBeGreaterThan(1024 * 1024);

    const reopened = await openStore(clean);
    expect(reopened.recovery).toMatchObject({ tornBytes: 0, records: 5 });
    expect(reopened.counts().queued).toBe(5);

    const offsets = frameOffsets(segmentPath(data));
    const last = offsets[offsets.length - 1] as number;
    const logicalEnd = last + 8 + readFileSync(segmentPath(data)).readUInt32LE(last);
    const partial = Buffer.from([90, 0, 0, 0, 9, 9, 9, 9, 123, 34, 116]);
    const fd = openSync(segmentPath(torn), 'r+');
    writeSync(fd, partial, 0, partial.length, logicalEnd);
    closeSync(fd);
    const repairedTail = await openStore(torn);
    expect(repairedTail.recovery.tornBytes).toBe(partial.length);
    expect(readFileSync(repairedTail.recovery.damagedFile ?? '')).toEqual(partial);
    expect(repairedTail.counts().queued).toBe(5);
  });

  it('an empty last segment (a rotation stopped before its first byte) is not damage', async () => {
    const data = dir();
    const store = await openStore(data);
    await enqueueOne(store, { payload: 1 });
    await store.compact();
    await store.close();
    truncateSync(segmentPath(data, 2), 0);
    const reopened = await openStore(data);
    expect(reopened.recovery).toMatchObject({ tornBytes: 0, snapshotTasks: 1 });
    expect(reopened.recovery.damagedFile).toBeUndefined();
    await enqueueOne(reopened, { payload: 2 });
    await reopened.close();
    expect((await openStore(data)).counts().queued).toBe(2);
  });

  it('damage in an earlier segment: refused, or repaired setting later ones aside', async () => {
    const data = dir();
    let image = '';
    const store = await openStore(data, {
      onCompactionStep: (step) => {
        if (step !== 'rotated') return;
        image = dir();
        mkdirSync(join(image, 'queue'));
        copyFileSync(segmentPath(data, 1), segmentPath(image, 1));
        copyFileSync(segmentPath(data, 2), segmentPath(image, 2));
      },
    });
    for (let i = 0; i < 6; i++) await enqueueOne(store, { payload: i });
    await store.compact();
    // The image holds both segments and no snapshot; more records go to segment 2.
    const both = await openStore(image);
    await enqueueOne(both, { payload: 'later' });
    await both.close();
    const first = segmentPath(image, 1);
    const bytes = readFileSync(first);
    const lastFrame = frameOffsets(first)[5] as number;
    bytes[lastFrame + 12] = (bytes[lastFrame + 12] as number) ^ 0x10;
    writeFileSync(first, bytes);

    await expect(openStore(image)).rejects.toThrow(
      `journal-000001.log is damaged at byte ${lastFrame}: a record fails its checksum and ` +
        'later segments follow',
    );
    const repaired = await openStore(image, { repair: true });
    expect(repaired.recovery.repaired?.setAside).toHaveLength(2);
    expect(repaired.recovery.repaired?.setAside[1]).toMatch(/journal-000002\.log\.damaged-/);
    expect(repaired.counts().queued).toBe(5);
    await enqueueOne(repaired, { payload: 'after repair' });
    await repaired.close();
    expect((await openStore(image)).counts().queued).toBe(6);
  });

  it('refuses a journal with a missing segment', async () => {
    const data = dir();
    const store = await openStore(data);
    await enqueueOne(store, { payload: 1 });
    await store.compact();
    await enqueueOne(store, { payload: 2 });
    await store.close();
    renameSync(segmentPath(data, 2), segmentPath(data, 3));
    const error = await openStore(data).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'JournalCorruptError',
      file: segmentPath(data, 2),
      repairable: false,
    });
  });

  it('refuses a damaged snapshot', async () => {
    const data = dir();
    const store = await openStore(data);
    for (let i = 0; i < 5; i++) await enqueueOne(store, { payload: i });
    await store.compact();
    await store.close();
    const snap = join(data, 'queue', 'snapshot-000002.snap');
    expect(existsSync(snap)).toBe(true);
    const bytes = readFileSync(snap);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01;
    writeFileSync(snap, bytes);
    await expect(openStore(data)).rejects.toThrow(/snapshot-000002\.snap is damaged/);
  });
});
