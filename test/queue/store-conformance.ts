import { afterEach, describe, expect, it } from 'vitest';
import type { QueueStore } from '../../src/main/queue/store';
import { GantryError } from '../../src/shared/api/errors';
import { describeLeaseSemantics } from './conformance-leases';
import { allTasks, DEFAULTS, enqueueOne, type StoreFactory, T0 } from './store-fixtures';

/**
 * The semantics every `QueueStore` must have. Call it from a test file with a factory that
 * builds a fresh, empty store; time is injected through each call's `now`.
 */
export function describeQueueStore(name: string, makeStore: StoreFactory): void {
  describe(`${name}: queue store conformance`, () => {
    const open: QueueStore[] = [];
    const fresh = async (options: Parameters<StoreFactory>[0] = {}): Promise<QueueStore> => {
      const store = await makeStore(options);
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    it('enqueues in order, applying defaults, and leases first in, first out', async () => {
      const store = await fresh();
      const tasks = await store.enqueue(
        [{ payload: 'a' }, { payload: 'b', maxAttempts: 7, timeoutMs: 10 }, { payload: 'c' }],
        DEFAULTS,
        T0,
      );
      expect(tasks.map((t) => t.payload)).toEqual(['a', 'b', 'c']);
      expect(tasks[0]).toMatchObject({
        state: 'queued',
        attempt: 0,
        maxAttempts: 3,
        timeoutMs: 5_000,
        runAt: T0,
        createdAt: T0,
      });
      expect(tasks[1]).toMatchObject({ maxAttempts: 7, timeoutMs: 10 });
      expect(new Set(tasks.map((t) => t.id)).size).toBe(3);

      const order: unknown[] = [];
      const next = () => store.lease('w1', 1_000, T0 + 1);
      for (let l = await next(); l; l = await next()) order.push(l.task.payload);
      expect(order).toEqual(['a', 'b', 'c']);
    });

    it('ids sort by creation even when the clock stands still or steps back', async () => {
      const store = await fresh();
      const a = await enqueueOne(store, { payload: 1 }, T0);
      const b = await enqueueOne(store, { payload: 2 }, T0);
      const c = await enqueueOne(store, { payload: 3 }, T0 - 5_000);
      expect([a.id, b.id, c.id]).toEqual([a.id, b.id, c.id].toSorted());
      expect(a.id < b.id && b.id < c.id).toBe(true);
    });

    it('lease counts an attempt, stamps the worker and the expiry', async () => {
      const store = await fresh();
      expect(await store.lease('w1', 1_000, T0)).toBeUndefined();
      const task = await enqueueOne(store, { payload: 1 });
      const leased = await store.lease('w1', 1_000, T0 + 10);
      expect(leased?.task).toMatchObject({
        id: task.id,
        state: 'running',
        attempt: 1,
        workerId: 'w1',
        startedAt: T0 + 10,
      });
      expect(leased?.expiresAt).toBe(T0 + 1_010);
      expect(store.get(task.id)?.state).toBe('running');
    });

    it('an idempotency key returns the earlier task, across calls and within a call', async () => {
      const store = await fresh();
      const first = await enqueueOne(store, { payload: 1, idempotencyKey: 'k1' });
      const again = await store.enqueue(
        [
          { payload: 2, idempotencyKey: 'k1' },
          { payload: 3, idempotencyKey: 'k2' },
          { payload: 4, idempotencyKey: 'k2' },
        ],
        DEFAULTS,
        T0 + 1,
      );
      expect(again[0]?.id).toBe(first.id);
      expect(again[0]?.payload).toBe(1);
      expect(again[1]?.id).toBe(again[2]?.id);
      expect(store.counts().queued).toBe(2);
    });

    it('a task with a future runAt is scheduled until then', async () => {
      const store = await fresh();
      const later = await enqueueOne(store, { payload: 'later', runAt: T0 + 5_000 });
      const sooner = await enqueueOne(store, { payload: 'sooner', runAt: T0 + 2_000 });
      expect(later.state).toBe('scheduled');
      expect(store.counts()).toMatchObject({ scheduled: 2, queued: 0 });
      expect(store.nextDueAt()).toBe(T0 + 2_000);
      expect(await store.lease('w', 1_000, T0 + 1_999)).toBeUndefined();
      expect(store.oldestQueuedAgeMs(T0 + 1_999)).toBe(0);

      expect(store.oldestQueuedAgeMs(T0 + 6_000)).toBe(4_000);
      const first = await store.lease('w', 1_000, T0 + 6_000);
      const second = await store.lease('w', 1_000, T0 + 6_000);
      expect([first?.task.id, second?.task.id]).toEqual([sooner.id, later.id]);
      expect(store.nextDueAt()).toBeUndefined();
    });

    it('a past runAt is queued at once', async () => {
      const store = await fresh();
      const task = await enqueueOne(store, { payload: 1, runAt: T0 - 10 });
      expect(task.state).toBe('queued');
      expect(store.oldestQueuedAgeMs(T0)).toBe(10);
    });

    it('cancels scheduled, queued and running tasks; finished ones stay as they are', async () => {
      const store = await fresh();
      const scheduled = await enqueueOne(store, { payload: 's', runAt: T0 + 1_000 });
      const queued = await enqueueOne(store, { payload: 'q' });
      const next = await enqueueOne(store, { payload: 'n' });
      expect((await store.cancel(scheduled.id, T0 + 1))?.state).toBe('canceled');
      expect(store.nextDueAt()).toBeUndefined();
      const canceled = await store.cancel(queued.id, T0 + 2);
      expect(canceled).toMatchObject({ state: 'canceled', finishedAt: T0 + 2 });
      expect((await store.lease('w', 1_000, T0 + 3_000))?.task.id).toBe(next.id);
      expect((await store.cancel(queued.id, T0 + 4))?.finishedAt).toBe(T0 + 2);
      expect(await store.cancel('00000000000000zz', T0)).toBeUndefined();
      expect(await store.lease('w', 1_000, T0 + 5_000)).toBeUndefined();
    });

    it('retry puts a dead or canceled task back with a fresh attempt budget', async () => {
      const store = await fresh();
      const task = await enqueueOne(store, { payload: 1, maxAttempts: 1 });
      const leased = await store.lease('w', 1_000, T0);
      const error = { kind: 'http_4xx', message: 'bad', status: 400 };
      await store.fail(leased?.lease ?? '', { error, retryable: false, retryDelayMs: 0 }, T0 + 1);
      expect(store.get(task.id)?.state).toBe('dead');

      const retried = await store.retry(task.id, T0 + 100);
      expect(retried).toMatchObject({ state: 'queued', attempt: 0, runAt: T0 + 100 });
      expect(retried?.finishedAt).toBeUndefined();
      expect((await store.lease('w', 1_000, T0 + 101))?.task.attempt).toBe(1);
      expect((await store.retry(task.id, T0 + 102))?.state).toBe('running');
      expect(await store.retry('00000000000000zz', T0)).toBeUndefined();

      const other = await enqueueOne(store, { payload: 2 });
      await store.cancel(other.id, T0 + 200);
      expect((await store.retry(other.id, T0 + 201))?.state).toBe('queued');
    });

    it('purge cancels every scheduled and queued task, leaving running ones', async () => {
      const store = await fresh();
      const specs = [{ payload: 1 }, { payload: 2 }, { payload: 3, runAt: T0 + 9_000 }];
      await store.enqueue(specs, DEFAULTS, T0);
      const running = await store.lease('w', 1_000, T0);
      expect(await store.purge(T0 + 1)).toBe(2);
      expect(store.counts()).toMatchObject({ scheduled: 0, queued: 0, running: 1, canceled: 2 });
      expect(store.nextDueAt()).toBeUndefined();
      expect(await store.lease('w', 1_000, T0 + 10_000)).toBeUndefined();
      expect(await store.purge(T0 + 2)).toBe(0);
      const done = await store.complete(running?.lease ?? '', 'ok', T0 + 3);
      expect(done).toMatchObject({ state: 'succeeded' });
    });

    it('lists newest first with an opaque cursor, by state or all', async () => {
      const store = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) ids.push((await enqueueOne(store, { payload: i }, T0 + i)).id);
      for (let i = 0; i < 5; i++) await store.lease('w', 1_000, T0 + 100);

      const first = store.list({ limit: 10 });
      expect(first.tasks.map((t) => t.id)).toEqual(ids.slice(-10).toReversed());
      const second = store.list({ limit: 10, cursor: first.nextCursor });
      expect(second.tasks.map((t) => t.id)).toEqual(ids.slice(5, 15).toReversed());
      const third = store.list({ limit: 10, cursor: second.nextCursor });
      expect(third.tasks.map((t) => t.id)).toEqual(ids.slice(0, 5).toReversed());
      expect(third.nextCursor).toBeUndefined();

      expect(allTasks(store).map((t) => t.id)).toEqual([...ids].toReversed());
      const running = store.list({ state: 'running', limit: 3 });
      expect(running.tasks.map((t) => t.id)).toEqual(ids.slice(2, 5).toReversed());
      const rest = store.list({ state: 'running', limit: 3, cursor: running.nextCursor });
      expect(rest.tasks.map((t) => t.id)).toEqual(ids.slice(0, 2).toReversed());
      expect(store.list({ state: 'dead', limit: 10 })).toEqual({ tasks: [] });
      expect(() => store.list({ limit: 10, cursor: 'not a cursor!' })).toThrow(GantryError);
    });

    it('counts every state', async () => {
      const store = await fresh();
      await store.enqueue(
        [...[1, 2, 3, 4].map((payload) => ({ payload })), { payload: 5, runAt: T0 + 1e6 }],
        { maxAttempts: 1, timeoutMs: 1 },
        T0,
      );
      const a = await store.lease('w', 1_000, T0);
      const b = await store.lease('w', 1_000, T0);
      await store.lease('w', 1_000, T0);
      await store.complete(a?.lease ?? '', null, T0 + 1);
      const error = { kind: 'timeout', message: 't' };
      await store.fail(b?.lease ?? '', { error, retryable: true, retryDelayMs: 5 }, T0 + 1);
      const queued = allTasks(store).find((t) => t.state === 'queued');
      await store.cancel(queued?.id ?? '', T0 + 2);
      expect(store.counts()).toEqual({
        scheduled: 1,
        queued: 0,
        running: 1,
        succeeded: 1,
        dead: 1,
        canceled: 1,
      });
    });

    it('hands out copies: changing a returned task does not change the store', async () => {
      const store = await fresh();
      const task = await enqueueOne(store, { payload: { n: 1 } });
      task.state = 'dead';
      task.attempt = 99;
      const got = store.get(task.id);
      expect(got).toMatchObject({ state: 'queued', attempt: 0 });
    });

    it('keeps finished tasks up to the retention count, then forgets the oldest', async () => {
      const store = await fresh({ retention: { maxFinished: 3, maxFinishedAgeMs: 3_600_000 } });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await enqueueOne(store, { payload: i, idempotencyKey: `k${i}` }, T0 + i)).id);
        const leased = await store.lease('w', 1_000, T0 + i);
        await store.complete(leased?.lease ?? '', i, T0 + i);
      }
      expect(ids.map((id) => store.get(id)?.state)).toEqual([
        undefined,
        undefined,
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      expect(store.counts().succeeded).toBe(3);
      const again = { payload: 'again', idempotencyKey: 'k0' };
      const resubmitted = await enqueueOne(store, again, T0 + 10);
      expect(resubmitted.id).not.toBe(ids[0]);

      // And by age: an hour later every one of them is gone.
      await enqueueOne(store, { payload: 'tick' }, T0 + 3_600_100);
      expect(store.counts().succeeded).toBe(0);
    });

    describeLeaseSemantics(fresh);
  });
}
