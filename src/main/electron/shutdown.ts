import type { Logger } from '../log/logger';

/** How a bounded stop ended. */
export type StopOutcome = 'stopped' | 'timed-out' | 'failed';

/**
 * Runs `stop` but gives up after `timeoutMs`, so a wedged engine (a container that will not
 * die, a disk that does not answer) cannot keep the app from quitting. The journal is
 * append-only and leases expire, so quitting mid-stop loses no accepted task.
 */
export async function stopWithin(
  stop: () => Promise<void>,
  timeoutMs: number,
  logger: Logger,
): Promise<StopOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  const stopped = stop().then(
    (): StopOutcome => 'stopped',
    (error: unknown): StopOutcome => {
      logger.error('stop failed', { error });
      return 'failed';
    },
  );
  const outcome = await Promise.race([stopped, timeout]);
  clearTimeout(timer);
  if (outcome === 'timed-out') logger.warn('stop timed out; quitting anyway', { timeoutMs });
  return outcome;
}
