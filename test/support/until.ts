/**
 * Polls `check` until it answers something other than `undefined` or `false`, and resolves
 * with that answer; fails after `timeoutMs` naming `what` was awaited. Tests wait on a
 * condition with a deadline instead of sleeping a fixed time.
 */
export async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
