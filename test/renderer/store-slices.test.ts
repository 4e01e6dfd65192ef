import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/shared/tasks';
import { EVENTS_KEEP, mergeEvents } from '../../src/renderer/state/slices/events-slice';
import { applyPush } from '../../src/renderer/state/push';
import { createGantryStore } from '../../src/renderer/state/store';
import { pointsFromEvents } from '../../src/renderer/state/timeline-backfill';
import {
  FADE_MS,
  STATS_KEEP,
  addSample,
  mergeWorkerRows,
} from '../../src/renderer/state/worker-history';
import { notice, scalingEvent, snapshot, worker, workerEvent } from './fixtures';

const task = (id: string, state: Task['state']): Task => ({
  id,
  payload: null,
  state,
  attempt: 1,
  maxAttempts: 1,
  timeoutMs: 1000,
  runAt: 0,
  createdAt: 0,
});

describe('worker rows', () => {
  it('keeps a worker that left the report as stopped until it has faded, then drops it', () => {
    const first = mergeWorkerRows(
      [],
      [worker('a', { startedAt: 1 }), worker('b', { startedAt: 2 })],
      1000,
    );
    const gone = mergeWorkerRows(first, [worker('a', { startedAt: 1 })], 2000);
    expect(gone.map((w) => [w.id, w.state, w.goneAt])).toEqual([
      ['a', 'ready', undefined],
      ['b', 'stopped', 2000],
    ]);
    const still = mergeWorkerRows(gone, [worker('a', { startedAt: 1 })], 2000 + FADE_MS - 1);
    expect(still.map((w) => w.id)).toEqual(['a', 'b']);
    const after = mergeWorkerRows(still, [worker('a', { startedAt: 1 })], 2000 + FADE_MS);
    expect(after.map((w) => w.id)).toEqual(['a']);
  });

  it('orders rows by start time whatever order the engine reports', () => {
    const rows = mergeWorkerRows(
      [],
      [worker('late', { startedAt: 9 }), worker('early', { startedAt: 3 })],
      10,
    );
    expect(rows.map((w) => w.id)).toEqual(['early', 'late']);
  });

  it('bounds the resource history and ignores repeated timestamps', () => {
    let history = addSample(undefined, 1, 10, 100);
    expect(addSample(history, 1, 99, 99)).toBe(history);
    for (let ts = 2; ts <= STATS_KEEP + 10; ts++) history = addSample(history, ts, ts, ts);
    expect(history.ts).toHaveLength(STATS_KEEP);
    expect(history.ts.at(-1)).toBe(STATS_KEEP + 10);
  });
});

describe('events slice', () => {
  it('drops events it already holds and restores time order', () => {
    const held = [notice(1, 100), notice(3, 300)];
    const merged = mergeEvents(held, [notice(3, 300), notice(2, 200), notice(4, 400)]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeEvents(merged, [notice(4, 400)])).toBe(merged);
  });

  it('keeps only the newest events', () => {
    const many = Array.from({ length: EVENTS_KEEP + 5 }, (_, i) => notice(i, i));
    const merged = mergeEvents([], many);
    expect(merged).toHaveLength(EVENTS_KEEP);
    expect(merged[0]?.seq).toBe(5);
  });
});

describe('applyPush', () => {
  it('adds one timeline point per new snapshot and none for a repeat', () => {
    const store = createGantryStore();
    const s = snapshot(1, 1000, [worker('a'), worker('b', { state: 'starting' })], 7);
    applyPush(store, { snapshot: s, events: [] }, 1000);
    applyPush(store, { snapshot: s, events: [] }, 1100);
    const points = store.getState().timeline.toArray();
    expect(points).toEqual([
      { ts: 1000, ready: 1, starting: 1, draining: 0, desired: 2, backlog: 7 },
    ]);
    expect(store.getState().timelineVersion).toBe(1);
  });

  it('records a sample per worker that reports resources', () => {
    const store = createGantryStore();
    applyPush(
      store,
      {
        snapshot: snapshot(1, 1000, [
          worker('a', { cpuPercent: 50, memoryBytes: 2048 }),
          worker('b'),
        ]),
        events: [],
      },
      1000,
    );
    expect(store.getState().stats).toEqual({ a: { ts: [1000], cpu: [50], mem: [2048] } });
  });

  it('keeps the last finished traffic run after the snapshot moves on', () => {
    const store = createGantryStore();
    const done = snapshot(1, 1000);
    const profile = { shape: 'constant' as const, rate: 1, durationS: 1 };
    const progress = {
      running: false,
      profile,
      startedAt: 0,
      elapsedS: 1,
      durationS: 1,
      submitted: 1,
      succeeded: 1,
      failed: 0,
      rejected: 0,
      currentRate: 0,
    };
    done.traffic = {
      ...progress,
      finishedAt: 1000,
      wait: { p50: 1, p95: 2, p99: 3 },
      endToEnd: { p50: 1, p95: 2, p99: 3 },
    };
    applyPush(store, { snapshot: done, events: [] }, 1000);
    applyPush(store, { snapshot: snapshot(2, 2000), events: [] }, 2000);
    expect(store.getState().lastTrafficSummary?.finishedAt).toBe(1000);
  });
});

describe('timeline backfill', () => {
  it('replays worker states and decisions into points', () => {
    const points = pointsFromEvents([
      workerEvent(1, 10, 'a', 'starting'),
      notice(2, 11),
      workerEvent(3, 12, 'a', 'ready'),
      scalingEvent(4, 13, 3, 40),
      workerEvent(5, 14, 'b', 'starting'),
      workerEvent(6, 15, 'a', 'draining'),
      workerEvent(7, 16, 'a', 'stopped'),
    ]);
    expect(
      points.map((p) => [p.ts, p.ready, p.starting, p.draining, p.desired, p.backlog]),
    ).toEqual([
      [10, 0, 1, 0, 1, Number.NaN],
      [12, 1, 0, 0, 1, Number.NaN],
      [13, 1, 0, 0, 3, 40],
      [14, 1, 1, 0, 3, 40],
      [15, 0, 1, 1, 3, 40],
      [16, 0, 1, 0, 3, 40],
    ]);
  });
});

describe('tasks slice', () => {
  it('updates a task in the page and in the open detail', () => {
    const store = createGantryStore();
    store.getState().setTaskPage([task('a', 'dead'), task('b', 'dead')], 'c1', false);
    store.getState().selectTask('b');
    expect(store.getState().taskDetail?.id).toBe('b');
    store.getState().updateTask(task('b', 'queued'));
    expect(store.getState().taskPage.map((t) => t.state)).toEqual(['dead', 'queued']);
    expect(store.getState().taskDetail?.state).toBe('queued');
  });

  it('clears the page, cursor and selection when the filter changes', () => {
    const store = createGantryStore();
    store.getState().setTaskPage([task('a', 'dead')], 'c1', false);
    store.getState().selectTask('a');
    store.getState().setTaskFilter('dead');
    const s = store.getState();
    expect([s.taskPage, s.taskCursor, s.selectedTaskId, s.taskDetail]).toEqual([
      [],
      undefined,
      null,
      null,
    ]);
  });

  it('appends a next page', () => {
    const store = createGantryStore();
    store.getState().setTaskPage([task('a', 'dead')], 'c1', false);
    store.getState().setTaskPage([task('b', 'dead')], undefined, true);
    expect(store.getState().taskPage.map((t) => t.id)).toEqual(['a', 'b']);
    expect(store.getState().taskCursor).toBeUndefined();
  });
});
