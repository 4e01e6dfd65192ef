import { describe, expect, it } from 'vitest';
import type { PushTarget } from '../../../src/main/electron/pushes';
import { PushOutbox } from '../../../src/main/electron/pushes';

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
