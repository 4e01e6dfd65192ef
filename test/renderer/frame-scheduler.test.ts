import { describe, expect, it } from 'vitest';
import { animationFrameScheduler } from '../../src/renderer/state/frame-scheduler';

/** A window whose frames and timers the test fires by hand. */
function fakeWindow() {
  const frames: FrameRequestCallback[] = [];
  const timers = new Map<number, () => void>();
  let nextId = 1;
  const win = {
    requestAnimationFrame: (callback: FrameRequestCallback) => {
      frames.push(callback);
      return frames.length;
    },
    setTimeout: (handler: TimerHandler) => {
      const id = nextId++;
      timers.set(id, () => (typeof handler === 'function' ? handler() : undefined));
      return id;
    },
    clearTimeout: (id?: number) => {
      if (id !== undefined) timers.delete(id);
    },
  };
  return {
    win,
    frame: () => frames.splice(0).forEach((f) => f(0)),
    timers: () => [...timers.values()].forEach((t) => t()),
    pendingTimers: () => timers.size,
  };
}

describe('animationFrameScheduler', () => {
  it('runs the callback once on the next frame and cancels the fallback timer', () => {
    const fake = fakeWindow();
    let runs = 0;
    animationFrameScheduler(fake.win).request(() => runs++);
    fake.frame();
    fake.timers();
    expect(runs).toBe(1);
    expect(fake.pendingTimers()).toBe(0);
  });

  it('falls back to the timer when no frame comes (a hidden window), once', () => {
    const fake = fakeWindow();
    let runs = 0;
    animationFrameScheduler(fake.win).request(() => runs++);
    fake.timers();
    fake.frame();
    expect(runs).toBe(1);
  });
});
