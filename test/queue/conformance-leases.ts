import { expect, it } from 'vitest';
import type { FailOutcome, QueueStore } from '../../src/main/queue/store';
import { enqueueOne, T0 } from './store-fixtures';

const retryable = (retryDelayMs: number): FailOutcome => ({
  error: { kind: 'http_5xx', message: 'worker said 500', status: 500 },
  retryable: true,
  retryDelayMs,
});

/** Lease-holder reports, backoff, attempts and expiry: part of `describeQueueStore`. */
export function describeLeaseSemantics(fresh: () => Promise<QueueStore>): void {
  it('complete records the result and refuses a second report', async () => {
    const store = await fresh();
    const task = await enqueueOne(store, { payload: 1 });
    const leased = await store.lease('w', 1_000, T0);
    const done = await store.complete(leased?.lease ?? '', { answer: 42 }, T0 + 50);
    expect(done).toMatchObject({
      id: task.id,
      state: 'succeeded',
      result: { answer: 42 },
      finishedAt: T0 + 50,
    });
    expect(await store.complete(leased?.lease ?? '', 'again', T0 + 60)).toBe('not_running');
    expect(store.get(task.id)?.result).toEqual({ answer: 42 });
  });

  it('a retryable failure waits out its backoff as scheduled, then runs again', async () => {
    const store = await fresh();
    const task = await enqueueOne(store, { payload: 1 });
    const first = await store.lease('w', 1_000, T0);
    const failed = await store.fail(first?.lease ?? '', retryable(2_000), T0 + 100);
    expect(failed).toMatchObject({
      state: 'scheduled',
      attempt: 1,
      runAt: T0 + 2_100,
      error: { kind: 'http_5xx', status: 500 },
    });
    expect(store.nextDueAt()).toBe(T0 + 2_100);
    expect(await store.lease('w', 1_000, T0 + 2_099)).toBeUndefined();
    const second = await store.lease('w', 1_000, T0 + 2_100);
    expect(second?.task).toMatchObject({ id: task.id, attempt: 2 });
  });

  it('a retryable failure without delay is queued again at once, behind others', async () => {
    const store = await fresh();
    const a = await enqueueOne(store, { payload: 'a' });
    const b = await enqueueOne(store, { payload: 'b' });
    const leased = await store.lease('w', 1_000, T0);
    const failed = await store.fail(leased?.lease ?? '', retryable(0), T0 + 1);
    expect(failed).toMatchObject({ state: 'queued' });
    expect((await store.lease('w', 1_000, T0 + 2))?.task.id).toBe(b.id);
    expect((await store.lease('w', 1_000, T0 + 2))?.task.id).toBe(a.id);
  });

  it('the last allowed attempt failing makes the task dead', async () => {
    const store = await fresh();
    const task = await enqueueOne(store, { payload: 1, maxAttempts: 2 });
    let now = T0;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const leased = await store.lease('w', 1_000, now);
      expect(leased?.task.attempt).toBe(attempt);
      await store.fail(leased?.lease ?? '', retryable(10), now + 1);
      now += 100;
    }
    expect(store.get(task.id)).toMatchObject({ state: 'dead', attempt: 2, finishedAt: T0 + 101 });
    expect(await store.lease('w', 1_000, now + 10_000)).toBeUndefined();
  });

  it('a permanent failure makes the task dead at once', async () => {
    const store = await fresh();
    const task = await enqueueOne(store, { payload: 1, maxAttempts: 5 });
    const leased = await store.lease('w', 1_000, T0);
    const outcome: FailOutcome = {
      error: { kind: 'http_4xx', message: 'no', status: 422 },
      retryable: false,
      retryDelayMs: 1_000,
    };
    expect(await store.fail(leased?.lease ?? '', outcome, T0 + 5)).toMatchObject({
      state: 'dead',
      attempt: 1,
    });
    expect(store.get(task.id)?.error).toEqual(outcome.error);
  });

  it('release gives the task back at the head of the queue without using an attempt', async () => {
    const store = await fresh();
    const a = await enqueueOne(store, { payload: 'a', maxAttempts: 1 });
    await enqueueOne(store, { payload: 'b' });
    for (let i = 0; i < 3; i++) {
      const leased = await store.lease('w', 1_000, T0 + i);
      expect(leased?.task).toMatchObject({ id: a.id, attempt: 1 });
      expect(await store.release(leased?.lease ?? '', T0 + i)).toMatchObject({
        state: 'queued',
        attempt: 0,
      });
      expect(await store.release(leased?.lease ?? '', T0 + i)).toBe('stale_lease');
    }
  });

  it('refuses reports from an older attempt, an unknown task or a bad token', async () => {
    const store = await fresh();
    const task = await enqueueOne(store, { payload: 1 });
    const first = await store.lease('w1', 1_000, T0);
    expect(await store.expireLeases(T0 + 1_000)).toHaveLength(1);
    const second = await store.lease('w2', 1_000, T0 + 1_001);
    expect(second?.task.attempt).toBe(2);
    expect(second?.lease).not.toBe(first?.lease);

    expect(await store.complete(first?.lease ?? '', 'late', T0 + 1_002)).toBe('stale_lease');
    expect(await store.fail(first?.lease ?? '', retryable(0), T0 + 1_002)).toBe('stale_lease');
    expect(await store.release(first?.lease ?? '', T0 + 1_002)).toBe('stale_lease');
    const forged = (second?.lease ?? '').replace(/\.[^.]+$/, '.AAAAAAAAAAAA');
    expect(await store.complete(forged, 'x', T0 + 1_002)).toBe('stale_lease');
    expect(await store.complete('00000000000000zz.1.AAAAAAAAAAAA', 'x', T0)).toBe('unknown_task');
    expect(await store.complete('garbage', 'x', T0)).toBe('stale_lease');
    expect(store.get(task.id)?.state).toBe('running');
    const done = await store.complete(second?.lease ?? '', 'ok', T0 + 1_003);
    expect(done).toMatchObject({ state: 'succeeded' });
  });

  it('cancel of a running task refuses its late completion', async () => {
    const store = await fresh();
    const task = await enqueueOne(store, { payload: 1 });
    const leased = await store.lease('w', 1_000, T0);
    expect(await store.cancel(task.id, T0 + 5)).toMatchObject({
      state: 'canceled',
      finishedAt: T0 + 5,
    });
    expect(store.counts()).toMatchObject({ running: 0, canceled: 1 });
    expect(await store.complete(leased?.lease ?? '', 'late', T0 + 6)).toBe('not_running');
    expect(await store.expireLeases(T0 + 10_000)).toEqual([]);
    expect(store.get(task.id)?.state).toBe('canceled');
  });

  it('expired leases return to the queue, or die without attempts left', async () => {
    const store = await fresh();
    const a = await enqueueOne(store, { payload: 'a', maxAttempts: 2 });
    const b = await enqueueOne(store, { payload: 'b', maxAttempts: 1 });
    const c = await enqueueOne(store, { payload: 'c' });
    await store.lease('w', 1_000, T0);
    await store.lease('w', 2_000, T0);
    const cLease = await store.lease('w', 5_000, T0);

    expect(await store.expireLeases(T0 + 999)).toEqual([]);
    const expired = await store.expireLeases(T0 + 2_000);
    expect(expired.map((t) => [t.id, t.state])).toEqual([[a.id, 'queued'], [b.id, 'dead']]);
    expect(store.get(a.id)).toMatchObject({ attempt: 1, error: { kind: 'lease_expired' } });
    expect(store.get(b.id)?.error?.kind).toBe('lease_expired');
    expect((await store.lease('w', 1_000, T0 + 2_001))?.task).toMatchObject({
      id: a.id,
      attempt: 2,
    });
    expect(await store.complete(cLease?.lease ?? '', 'in time', T0 + 4_999)).toMatchObject({
      id: c.id,
      state: 'succeeded',
    });
    expect(await store.expireLeases(T0 + 60_000)).toHaveLength(1);
    expect(store.counts()).toMatchObject({ dead: 2, succeeded: 1, running: 0 });
  });

  it('oldestQueuedAgeMs follows the head of the queue', async () => {
    const store = await fresh();
    expect(store.oldestQueuedAgeMs(T0)).toBe(0);
    await enqueueOne(store, { payload: 1 }, T0);
    await enqueueOne(store, { payload: 2 }, T0 + 300);
    expect(store.oldestQueuedAgeMs(T0 + 1_000)).toBe(1_000);
    await store.lease('w', 1_000, T0 + 1_000);
    expect(store.oldestQueuedAgeMs(T0 + 1_000)).toBe(700);
    await store.lease('w', 1_000, T0 + 1_000);
    expect(store.oldestQueuedAgeMs(T0 + 1_000)).toBe(0);
  });
}
