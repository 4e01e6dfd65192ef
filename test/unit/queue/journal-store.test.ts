import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/main/queue/memory-store';
import type { QueueStore } from '../../../src/main/queue/store';
import { useJournalDirs } from '../../queue/journal-fixtures';
import { describeQueueStore } from '../../queue/store-conformance';
import { DEFAULTS, drainOrder, enqueueOne, observable, T0 } from '../../queue/store-fixtures';
import { randomOps } from '../../queue/random-ops';

/** The observable state without ids, which differ between stores by their random digits. */
const withoutIds = (s: unknown): string => JSON.stringify(s).replace(/"id":"[0-9a-z]{16}"/g, '');

describe('JournalStore', () => {
  const { dir, openStore } = useJournalDirs();

  describeQueueStore('JournalStore (fsync)', (o) => openStore(dir(), o));
  describeQueueStore('JournalStore (relaxed)', (o) =>
    openStore(dir(), { ...o, durability: 'relaxed' }),
  );

  it('reopens to the same state, queue order included', async () => {
    const data = dir();
    const store = await openStore(data);
    const end = await randomOps(store, 7, 600);
    const before = observable(store, end);
    const counts = store.counts();
    const fewest = Math.min(counts.succeeded, counts.dead, counts.canceled, counts.queued);
    expect(fewest).toBeGreaterThan(0);
    await store.close();

    const reopened = await openStore(data);
    expect(reopened.recovery).toMatchObject({ tornBytes: 0, requeued: 0, snapshotTasks: 0 });
    expect(reopened.recovery.records).toBeGreaterThan(300);
    expect(observable(reopened, end)).toEqual(before);
  });

  it('replays to exactly what the in-memory reference shows', async () => {
    const data = dir();
    const store = await openStore(data);
    const memory = new MemoryStore();
    await randomOps(store, 11, 400);
    const end = await randomOps(memory, 11, 400);
    await store.close();
    const reopened = await openStore(data);
    expect(withoutIds(observable(reopened, end))).toEqual(withoutIds(observable(memory, end)));
    const [a, b] = [await drainOrder(reopened, end + 1e9), await drainOrder(memory, end + 1e9)];
    const payloads = (store: QueueStore, ids: string[]) => ids.map((id) => store.get(id)?.payload);
    expect(payloads(reopened, a)).toEqual(payloads(memory, b));
  });

  it('returns tasks that were running to the queue on reopen, counting their attempt', async () => {
    const data = dir();
    const store = await openStore(data);
    const a = await enqueueOne(store, { payload: 'a', maxAttempts: 2 });
    const b = await enqueueOne(store, { payload: 'b', maxAttempts: 1 });
    const c = await enqueueOne(store, { payload: 'c' });
    const leaseA = await store.lease('w', 60_000, T0);
    await store.lease('w', 60_000, T0);
    await store.close();

    const reopened = await openStore(data, { now: () => T0 + 5 });
    expect(reopened.recovery.requeued).toBe(2);
    expect(reopened.get(a.id)).toMatchObject({
      state: 'queued',
      attempt: 1,
      error: { kind: 'lease_expired' },
    });
    expect(reopened.get(b.id)).toMatchObject({
      state: 'dead',
      attempt: 1,
      finishedAt: T0 + 5,
      error: { kind: 'lease_expired' },
    });
    expect(await reopened.complete(leaseA?.lease ?? '', 'late', T0 + 6)).toBe('not_running');

    // The requeue was itself journaled: a second reopen finds nothing running to recover.
    await reopened.close();
    const third = await openStore(data);
    expect(third.recovery.requeued).toBe(0);
    expect(third.counts()).toMatchObject({ queued: 2, running: 0, dead: 1 });
    expect(await drainOrder(third, T0 + 10)).toEqual([a.id, c.id]);
  });

  it('group-commits concurrent calls into far fewer fsyncs than calls', async () => {
    const store = await openStore(dir());
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 400; i++) {
      calls.push(enqueueOne(store, { payload: i }, T0 + i));
      // Spread the calls over turns of the event loop, as network requests arrive.
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(calls);
    const stats = store.stats();
    expect(stats.records).toBe(400);
    expect(stats.syncs).toBe(stats.batches);
    expect(stats.syncs).toBeLessThan(400 / 4);
    expect(store.counts().queued).toBe(400);
  });

  it('acknowledges a change only after the fdatasync covering it', async () => {
    const store = await openStore(dir());
    const seen: Array<{ syncs: number; batches: number }> = [];
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 60; i++) {
      const call = enqueueOne(store, { payload: i }, T0 + i).then(() => {
        const { syncs, batches } = store.stats();
        seen.push({ syncs, batches });
      });
      calls.push(call);
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(calls);
    expect(seen).toHaveLength(60);
    expect(seen.every(({ syncs, batches }) => syncs >= 1 && syncs === batches)).toBe(true);
  });

  it('relaxed mode acknowledges after the write without an fsync per batch', async () => {
    const data = dir();
    const store = await openStore(data, { durability: 'relaxed', relaxedSyncMs: 60_000 });
    for (let i = 0; i < 50; i++) await enqueueOne(store, { payload: i }, T0 + i);
    expect(store.stats().batches).toBe(50);
    expect(store.stats().syncs).toBe(0);
    await store.close();
    const reopened = await openStore(data, { durability: 'relaxed' });
    expect(reopened.counts().queued).toBe(50);
    await expect(store.enqueue([{ payload: 'late' }], DEFAULTS, T0)).rejects.toThrow(/closed/);
  });

  it('refuses data JSON cannot encode without changing anything', async () => {
    const store = await openStore(dir());
    const invalid = { code: 'invalid_input' };
    const bigint = [{ payload: { big: 10n } }];
    await expect(store.enqueue(bigint, DEFAULTS, T0)).rejects.toMatchObject(invalid);
    await enqueueOne(store, { payload: 'fine' });
    const leased = await store.lease('w', 1_000, T0);
    await expect(store.complete(leased?.lease ?? '', 10n, T0)).rejects.toMatchObject(invalid);
    expect(store.counts()).toMatchObject({ queued: 0, running: 1 });
    const done = await store.complete(leased?.lease ?? '', 'ok', T0);
    expect(done).toMatchObject({ state: 'succeeded' });
  });

  it('relaxed mode still fdatasyncs in the background soon after a write', async () => {
    const store = await openStore(dir(), { durability: 'relaxed', relaxedSyncMs: 20 });
    await enqueueOne(store, { payload: 1 });
    const deadline = Date.now() + 5_000;
    while (store.stats().syncs === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(store.stats().syncs).toBe(1);
  });

  it('refuses a second open of a journal; takes over the lock of a process gone', async () => {
    const data = dir();
    const store = await openStore(data);
    await expect(openStore(data)).rejects.toMatchObject({ code: 'conflict' });
    await store.close();

    writeFileSync(join(data, 'queue', 'LOCK'), '999999999\n');
    const next = await openStore(data);
    expect(next.counts().queued).toBe(0);
    await next.close();
    expect(existsSync(join(data, 'queue', 'LOCK'))).toBe(false);
  });
});
