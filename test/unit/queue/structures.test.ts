import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/main/queue/journal/crc32';
import { IdGenerator } from '../../../src/main/queue/ids';
import { MinHeap } from '../../../src/main/queue/min-heap';
import { TaskTable } from '../../../src/main/queue/task-table';
import { SkipList } from '../../../src/main/queue/skip-list';
import { seeded } from '../../queue/random-ops';

describe('queue data structures', () => {
  it('crc32 matches the standard check values', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    const text = Buffer.from('xx123456789yy');
    expect(crc32(text, 2, 11)).toBe(0xcbf43926);
  });

  it('the skip list pages in descending key order like a sorted array', () => {
    const rand = seeded(42);
    const list = new SkipList<number>();
    const model = new Map<string, number>();
    const deletes: Array<[boolean, boolean]> = [];
    for (let i = 0; i < 3_000; i++) {
      const key = Math.floor(rand() * 800).toString(36).padStart(3, '0');
      if (rand() < 0.35) {
        deletes.push([list.delete(key), model.delete(key)]);
      } else {
        list.set(key, i);
        model.set(key, i);
      }
    }
    const sorted = [...model.entries()].toSorted((a, b) => (a[0] < b[0] ? 1 : -1));
    expect(deletes.filter(([a, b]) => a !== b)).toEqual([]);
    expect(deletes.some(([a]) => a)).toBe(true);
    expect(list.size).toBe(model.size);
    expect([...list.values()]).toEqual(sorted.map(([, v]) => v));
    const cursor = sorted[40]?.[0];
    expect(list.page(25, cursor)).toEqual({
      values: sorted.slice(41, 66).map(([, v]) => v),
      more: true,
    });
    expect(list.page(5, '0')).toEqual({ values: [], more: false });
  });

  it('the heap pops in order', () => {
    const rand = seeded(9);
    const heap = new MinHeap<number>((a, b) => a < b);
    const values = Array.from({ length: 1_000 }, () => Math.floor(rand() * 10_000));
    for (const v of values) heap.push(v);
    const out: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
    expect(out).toEqual([...values].toSorted((a, b) => a - b));
  });

  it('ids are fixed-width and strictly increasing, also after restoring from the largest', () => {
    const gen = new IdGenerator();
    const ids = [gen.next(5_000), gen.next(5_000), gen.next(4_000), gen.next(9_000)];
    expect(ids.every((id) => /^[0-9a-z]{16}$/.test(id))).toBe(true);
    expect(ids.toSorted()).toEqual(ids);
    const restored = new IdGenerator();
    restored.observe(ids[3] as string);
    expect((restored.next(1) > (ids[3] as string))).toBe(true);
  });
});

describe('task table snapshots', () => {
  it('captured entries do not change as the table moves on', () => {
    const table = new TaskTable();
    const plan = table.planEnqueue([{ payload: { a: 1 }, maxAttempts: 2, timeoutMs: 10 }], 1_000);
    if (plan.record) table.apply(plan.record);
    const id = plan.ids[0] ?? '';
    table.apply({ t: 'lease', now: 1_001, id, nonce: 'n1', expiresAt: 2_000 });
    const captured = table.captureEntries();
    const before = JSON.stringify(captured);

    const error = { kind: 'timeout', message: 't' };
    table.apply({ t: 'fail', now: 1_002, id, error, retryable: true, delayMs: 0 });
    table.apply({ t: 'lease', now: 1_003, id, nonce: 'n2', expiresAt: 3_000 });
    table.apply({ t: 'complete', now: 1_004, id, result: 'ok' });
    expect(JSON.stringify(captured)).toEqual(before);
    expect(table.captureEntries()[0]?.task).toMatchObject({ state: 'succeeded', attempt: 2 });
  });
});
