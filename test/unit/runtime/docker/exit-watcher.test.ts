import { describe, expect, it } from 'vitest';
import { exitReason, reconnectDelayMs } from '../../../../src/main/runtime/docker/exit-watcher';

/** The top of every jitter range. */
const top = () => 1;

describe('exit watcher', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const backoff = { baseMs: 250, maxMs: 15_000 };

    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelayMs(n, backoff, top))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000,
    ]);
    expect(reconnectDelayMs(1000, backoff, top)).toBe(15_000);
    expect(reconnectDelayMs(3, backoff, () => 0)).toBe(0);
    expect(reconnectDelayMs(3, backoff, () => 0.5)).toBe(1000);
  });

  it('names how a container ended', () => {
    expect(exitReason(137, true)).toBe('out of memory');
    expect(exitReason(137, false)).toBe('killed (SIGKILL)');
    expect(exitReason(143, false)).toBe('terminated (SIGTERM)');
    expect(exitReason(3, false)).toBe('exited with code 3');
    expect(exitReason(undefined, false)).toBe('exited');
  });
});
