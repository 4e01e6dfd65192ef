import type { TaskError } from '../../shared/tasks';

/** A task as an enqueue record carries it; `createdAt` is the record's `now`. */
export interface NewTask {
  id: string;
  payload: unknown;
  maxAttempts: number;
  timeoutMs: number;
  runAt: number;
  idempotencyKey?: string;
}

/**
 * One state change of the queue. The task table applies records deterministically (every
 * decision that depends on time or chance is made before the record is written and carried
 * in it), so replaying the journal's records rebuilds the exact state. Before applying any
 * record, the table promotes scheduled tasks that are due at the record's `now`.
 */
export type QueueRecord =
  | { t: 'enqueue'; now: number; tasks: NewTask[] }
  | { t: 'lease'; now: number; id: string; nonce: string; workerId?: string; expiresAt: number }
  | { t: 'complete'; now: number; id: string; result: unknown }
  | {
      t: 'fail';
      now: number;
      id: string;
      error: TaskError;
      retryable: boolean;
      delayMs: number;
    }
  | { t: 'release'; now: number; id: string }
  /** Every lease expired at `now` returns to the queue (or dies without attempts left). */
  | { t: 'expire'; now: number }
  /** Written on open: every task still running when the engine stopped is requeued. */
  | { t: 'recover'; now: number }
  | { t: 'cancel'; now: number; id: string }
  | { t: 'retry'; now: number; id: string }
  | { t: 'purge'; now: number };
