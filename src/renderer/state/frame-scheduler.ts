/** Runs a callback before the next paint (tests drive frames by hand). */
export interface FrameScheduler {
  request(callback: () => void): void;
}

/**
 * `requestAnimationFrame`, with a timer fallback: a hidden window gets no frames, and the
 * pushes must still land (the newest snapshot wins, so nothing piles up meanwhile).
 */
export function animationFrameScheduler(
  win: Pick<Window, 'requestAnimationFrame' | 'setTimeout' | 'clearTimeout'>,
  fallbackMs = 250,
): FrameScheduler {
  return {
    request(callback) {
      let done = false;
      const run = () => {
        if (done) return;
        done = true;
        win.clearTimeout(timer);
        callback();
      };
      const timer = win.setTimeout(run, fallbackMs);
      win.requestAnimationFrame(run);
    },
  };
}
