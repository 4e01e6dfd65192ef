import { GantryError } from '../../shared/api/errors';
import type { Settings } from '../../shared/settings';
import type { Task, TaskSpec } from '../../shared/tasks';
import type { QueueStore } from '../queue/store';

/**
 * Checks a batch against the payload and queue limits before anything is stored: the batch
 * is accepted whole or refused whole.
 */
export function checkSubmit(
  specs: readonly TaskSpec[],
  settings: Settings,
  store: QueueStore,
  completeRate: number,
): void {
  for (let i = 0; i < specs.length; i++) {
    const bytes = payloadBytes(specs[i]?.payload);
    if (bytes > settings.maxPayload) {
      throw new GantryError(
        'payload_too_large',
        `task ${i}: payload is ${bytes} bytes, over the limit of ${settings.maxPayload}`,
        { field: `[${i}].payload` },
      );
    }
  }
  const counts = store.counts();
  const waiting = counts.queued + counts.scheduled;
  if (waiting + specs.length > settings.maxQueue) {
    // Time for the queue to drain enough for this batch at the current completion rate.
    const excess = waiting + specs.length - settings.maxQueue;
    const retryAfterS = Math.min(60, Math.max(1, Math.ceil(excess / Math.max(1, completeRate))));
    throw new GantryError(
      'queue_full',
      `queue is full: ${waiting} tasks waiting, limit ${settings.maxQueue}`,
      { retryAfterS },
    );
  }
}

function payloadBytes(payload: unknown): number {
  const text = JSON.stringify(payload);
  return text === undefined ? 4 : Buffer.byteLength(text);
}

/** Stores specs with the settings' defaults for attempts and timeout. */
export function enqueueWithDefaults(
  store: QueueStore,
  specs: TaskSpec[],
  settings: Settings,
  now: number,
): Promise<Task[]> {
  const defaults = { maxAttempts: settings.maxAttempts, timeoutMs: settings.taskTimeout };
  return store.enqueue(specs, defaults, now);
}
