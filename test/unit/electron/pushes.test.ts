import { describe, expect, it } from 'vitest';
import type { PageLike, PushTarget } from '../../../src/main/electron/pushes';
import { PushOutbox, followPage, forwardEnginePushes } from '../../../src/main/electron/pushes';
import { PUSH_CHANNELS } from '../../../src/shared/api/channels';
import { FakeEngine } from '../api/fake-engine';

class RecordingTarget implements PushTarget {
  readonly sent: Array<[string, unknown]> = [];

  send(channel: string, value: unknown): void {
    this.sent.push([channel, value]);
  }
}

describe('PushOutbox', () => {
  it('holds pushes until the page is ready, then sends events in order and the newest snapshot', () => {
    const outbox = new PushOutbox();
    const target = new RecordingTarget();
    outbox.attach(target);

    outbox.send('state.snapshot', { seq: 1 }, 'latest');
    outbox.send('events.new', 'a', 'each');
    outbox.send('state.snapshot', { seq: 2 }, 'latest');
    outbox.send('events.new', 'b', 'each');
    expect(target.sent).toEqual([]);
    outbox.setReady(true);

    expect(target.sent).toEqual([
      ['events.new', 'a'],
      ['events.new', 'b'],
      ['state.snapshot', { seq: 2 }],
    ]);
  });

  it('sends at once while ready', () => {
    const outbox = new PushOutbox();
    const target = new RecordingTarget();
    outbox.attach(target);
    outbox.setReady(true);

    outbox.send('events.new', 'now', 'each');

    expect(target.sent).toEqual([['events.new', 'now']]);
  });

  it('buffers again while the page reloads', () => {
    const outbox = new PushOutbox();
    const target = new RecordingTarget();
    outbox.attach(target);
    outbox.setReady(true);

    outbox.setReady(false);
    outbox.send('events.new', 'during reload', 'each');
    expect(target.sent).toEqual([]);
    outbox.setReady(true);

    expect(target.sent).toEqual([['events.new', 'during reload']]);
  });

  it('keeps the newest values when the buffer is full and counts the dropped', () => {
    const outbox = new PushOutbox(3);
    const target = new RecordingTarget();

    for (let i = 1; i <= 5; i++) outbox.send('events.new', i, 'each');
    outbox.attach(target);
    outbox.setReady(true);

    expect(target.sent.map(([, value]) => value)).toEqual([3, 4, 5]);
    expect(outbox.droppedCount).toBe(2);
  });

  it('keeps buffering when ready is signalled before a window is attached', () => {
    const outbox = new PushOutbox();
    const target = new RecordingTarget();

    outbox.setReady(true);
    outbox.send('events.new', 'early', 'each');
    outbox.attach(target);
    outbox.setReady(true);

    expect(target.sent).toEqual([['events.new', 'early']]);
  });
});

/** A page that records pushes and lets the test fire its load events. */
class FakePage extends RecordingTarget implements PageLike {
  private readonly listeners = new Map<string, Array<() => void>>();

  on(event: 'did-start-loading' | 'did-finish-load', listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  fire(event: 'did-start-loading' | 'did-finish-load'): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

describe('engine pushes to the page', () => {
  it('holds the engine pushes until the page has loaded, then delivers them', () => {
    const engine = new FakeEngine();
    const outbox = new PushOutbox();
    const page = new FakePage();
    forwardEnginePushes(engine, outbox);
    followPage(outbox, page);

    page.fire('did-start-loading');
    engine.pushEvent(1, 'worker started');
    engine.pushSnapshot();
    engine.pushSnapshot();
    expect(page.sent).toEqual([]);
    page.fire('did-finish-load');
    engine.pushEvent(2, 'scaled up');

    expect(page.sent.map(([channel]) => channel)).toEqual([
      PUSH_CHANNELS.event,
      PUSH_CHANNELS.snapshot,
      PUSH_CHANNELS.event,
    ]);
    expect(page.sent[1]?.[1]).toMatchObject({ seq: 2 });
  });

  it('stops forwarding when disposed', () => {
    const engine = new FakeEngine();
    const dispose = forwardEnginePushes(engine, new PushOutbox());

    dispose();

    expect(engine.listenerCount).toBe(0);
  });
});
