import { describe, expect, it } from 'vitest';
import type { DesktopBridge } from '../../src/shared/api/bridge';
import type { MenuCommand } from '../../src/shared/api/channels';
import type { Input, MethodName, Output } from '../../src/shared/api/contract';
import { GantryError } from '../../src/shared/api/errors';
import type { GantryEvent } from '../../src/shared/events';
import type { Snapshot } from '../../src/shared/snapshot';
import type { WorkerStatsSample } from '../../src/shared/workers';
import { Listeners } from '../../src/shared/listeners';
import type { ConnectionState, RendererClient } from '../../src/renderer/client/types';
import { backfill, connectBridge } from '../../src/renderer/state/bridge';
import { connectDesktopMenu } from '../../src/renderer/state/desktop-menu';
import type { FrameScheduler } from '../../src/renderer/state/frame-scheduler';
import { createGantryStore } from '../../src/renderer/state/store';
import { notice, scalingEvent, snapshot, worker, workerEvent } from './fixtures';

/** A client whose pushes the test drives, answering calls from a table. */
class FakeClient implements RendererClient {
  readonly transport = 'http';
  readonly snapshots = new Listeners<Snapshot>();
  readonly events = new Listeners<GantryEvent>();
  readonly connection = new Listeners<ConnectionState>();
  answers: Partial<{ [M in MethodName]: (input: Input<M>) => Output<M> }> = {};

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const answer = this.answers[method];
    if (answer === undefined) throw new GantryError('unavailable', `${method} not faked`);
    return answer(input);
  }
  onSnapshot(listener: (snapshot: Snapshot) => void) {
    return this.snapshots.add(listener);
  }
  onEvent(listener: (event: GantryEvent) => void) {
    return this.events.add(listener);
  }
  onConnection(listener: (state: ConnectionState) => void) {
    listener({ status: 'connected' });
    return this.connection.add(listener);
  }
  close() {}
}

/** Frames run only when the test says so. */
class ManualFrames implements FrameScheduler {
  private queue: (() => void)[] = [];
  requests = 0;
  request(callback: () => void) {
    this.requests++;
    this.queue.push(callback);
  }
  run() {
    const due = this.queue;
    this.queue = [];
    for (const callback of due) callback();
  }
}

describe('connectBridge', () => {
  it('applies many pushes in one store update per frame, keeping the newest snapshot', () => {
    const client = new FakeClient();
    const store = createGantryStore();
    const frames = new ManualFrames();
    connectBridge(client, store, { scheduler: frames, now: () => 5000 });
    let updates = 0;
    store.subscribe(() => updates++);
    updates = 0;

    for (let seq = 1; seq <= 20; seq++)
      client.snapshots.emit(snapshot(seq, 1000 + seq, [worker('w1')]));
    client.events.emit(notice(1, 1001));
    client.events.emit(notice(2, 1002));

    expect(updates).toBe(0);
    expect(frames.requests).toBe(1);
    frames.run();

    expect(updates).toBe(1);
    const state = store.getState();
    expect(state.snapshot?.seq).toBe(20);
    expect(state.ready).toBe(true);
    expect(state.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(state.timeline.size).toBe(1);
    expect(state.workerRows.map((w) => w.id)).toEqual(['w1']);
  });

  it('asks for a new frame only after the previous one ran', () => {
    const client = new FakeClient();
    const store = createGantryStore();
    const frames = new ManualFrames();
    connectBridge(client, store, { scheduler: frames });
    client.snapshots.emit(snapshot(1, 1));
    client.snapshots.emit(snapshot(2, 2));
    frames.run();
    client.snapshots.emit(snapshot(3, 3));
    expect(frames.requests).toBe(2);
    frames.run();
    expect(store.getState().snapshot?.seq).toBe(3);
  });

  it('keeps a snapshot from a restarted engine (lower seq, later time)', () => {
    const client = new FakeClient();
    const store = createGantryStore();
    const frames = new ManualFrames();
    connectBridge(client, store, { scheduler: frames });
    client.snapshots.emit(snapshot(900, 1000));
    client.snapshots.emit(snapshot(1, 2000));
    frames.run();
    expect(store.getState().snapshot?.ts).toBe(2000);
  });

  it('records the connection state and stops applying after dispose', () => {
    const client = new FakeClient();
    const store = createGantryStore();
    const frames = new ManualFrames();
    const dispose = connectBridge(client, store, { scheduler: frames });
    expect(store.getState().connection).toEqual({ status: 'connected' });

    client.snapshots.emit(snapshot(1, 1));
    dispose();
    frames.run();
    client.snapshots.emit(snapshot(2, 2));

    expect(store.getState().snapshot).toBeNull();
    expect(frames.requests).toBe(1);
  });
});

describe('backfill', () => {
  it('loads the last hour of events into the log and the timeline, and worker stats', async () => {
    const client = new FakeClient();
    const now = 10 * 60_000;
    let asked: Input<'events.list'> | undefined;
    client.answers['events.list'] = (input) => {
      asked = input;
      return [
        workerEvent(1, 60_000, 'w1', 'starting'),
        workerEvent(2, 61_000, 'w1', 'ready'),
        scalingEvent(3, 62_000, 2, 17),
      ];
    };
    const samples: Record<string, WorkerStatsSample[]> = {
      w1: [{ workerId: 'w1', ts: 61_500, cpuPercent: 12, memoryBytes: 1e6 }],
    };
    client.answers['workers.stats'] = () => samples;
    const store = createGantryStore();
    const frames = new ManualFrames();
    connectBridge(client, store, { scheduler: frames, now: () => now });
    client.snapshots.emit(snapshot(1, now, [worker('w1')]));
    frames.run();

    await backfill(client, store, now);

    const state = store.getState();
    expect(asked).toEqual({ from: 0, limit: 10_000 });
    expect(state.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(
      state.timeline.toArray().map((p) => [p.ts, p.ready, p.starting, p.desired, p.backlog]),
    ).toEqual([
      [60_000, 0, 1, 1, Number.NaN],
      [61_000, 1, 0, 1, Number.NaN],
      [62_000, 1, 0, 2, 17],
      [now, 1, 0, 1, 0],
    ]);
    expect(state.stats['w1']?.cpu).toEqual([12]);
    expect(state.toast).toBeNull();
  });

  it('reports missing history without failing', async () => {
    const client = new FakeClient();
    const store = createGantryStore();
    await backfill(client, store, 1000);
    expect(store.getState().toast?.kind).toBe('error');
    expect(store.getState().events).toEqual([]);
  });
});

describe('connectDesktopMenu', () => {
  it('switches view and opens the shortcuts from the app menu', () => {
    const menu = new Listeners<MenuCommand>();
    const desktop: DesktopBridge = {
      openTraceFile: async () => ({ ok: true, value: null }),
      onMenu: (listener) => menu.add(listener),
    };
    const store = createGantryStore();
    const dispose = connectDesktopMenu(desktop, store);

    menu.emit({ type: 'show-view', view: 'tasks' });
    menu.emit({ type: 'show-shortcuts' });
    expect(store.getState().view).toBe('tasks');
    expect(store.getState().helpOpen).toBe(true);

    dispose();
    menu.emit({ type: 'show-view', view: 'events' });
    expect(store.getState().view).toBe('tasks');
  });
});
