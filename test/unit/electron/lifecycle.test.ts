import { describe, expect, it } from 'vitest';
import type { QuitHooks } from '../../../src/main/electron/lifecycle';
import { stopBeforeQuit } from '../../../src/main/electron/lifecycle';
import { Logger } from '../../../src/main/log/logger';
import { until } from '../../support/until';

/** `app` as the quit sequence sees it: the test fires `before-quit` and reads exits. */
class FakeApp implements QuitHooks {
  readonly exits: number[] = [];
  private listener: (event: { preventDefault(): void }) => void = () => {};

  on(_event: 'before-quit', listener: (event: { preventDefault(): void }) => void): this {
    this.listener = listener;
    return this;
  }

  exit(code: number): void {
    this.exits.push(code);
  }

  /** Fires `before-quit`; answers whether a handler held the quit. */
  quit(): boolean {
    let prevented = false;
    this.listener({ preventDefault: () => (prevented = true) });
    return prevented;
  }
}


describe('stopBeforeQuit', () => {
  it('holds the quit until the engine has stopped, then exits 0', async () => {
    const app = new FakeApp();
    let stops = 0;
    let finish: (() => void) | undefined;
    stopBeforeQuit(
      app,
      () => {
        stops += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      new Logger([]),
    );

    expect(app.quit()).toBe(true);
    expect(app.quit()).toBe(true);
    expect(stops).toBe(1);
    expect(app.exits).toEqual([]);
    finish?.();

    await until(() => app.exits.length > 0);
    expect(app.exits).toEqual([0]);
    expect(app.quit()).toBe(false);
  });

  it('exits 1 when the stop fails or takes too long', async () => {
    const failing = new FakeApp();
    const wedged = new FakeApp();
    stopBeforeQuit(failing, () => Promise.reject(new Error('journal busy')), new Logger([]));
    stopBeforeQuit(wedged, () => new Promise<void>(() => {}), new Logger([]), 10);

    failing.quit();
    wedged.quit();

    await until(() => failing.exits.length > 0 && wedged.exits.length > 0);
    expect([failing.exits, wedged.exits]).toEqual([[1], [1]]);
  });
});
