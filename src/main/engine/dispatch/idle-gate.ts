/**
 * Lets a stop wait until a component has nothing in flight: `wait` resolves once `check`
 * finds it idle, or after the timeout, whichever comes first.
 */
export class IdleGate {
  private waiters: (() => void)[] = [];

  constructor(private readonly isIdle: () => boolean) {}

  /** Resolves when idle (at once if it already is) or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Call after anything that may have ended the last piece of work. */
  check(): void {
    if (this.waiters.length === 0 || !this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
