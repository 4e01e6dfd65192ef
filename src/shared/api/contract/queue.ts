import { z } from 'zod';
import { method } from '../method';
import { none } from './common';

/** A task spec as clients submit it. Payload size is checked separately (`maxPayload`). */
export const TaskSpecSchema = z
  .object({
    payload: z.unknown(),
    maxAttempts: z.number().int().min(1).max(100).optional(),
    timeoutMs: z.number().int().min(1).max(7 * 24 * 3_600_000).optional(),
    runAt: z.number().int().min(0).optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((spec) => 'payload' in spec, { message: 'payload is required', path: ['payload'] });

export const queueContract = {
  /** Accept tasks; answers their ids in the order given (durable when it answers). */
  'queue.enqueue': method(z.array(TaskSpecSchema).min(1).max(10_000)).returns<{ ids: string[] }>(),
  /** Stop dispatching (submits are still accepted). */
  'queue.pause': method(none).returns<void>(),
  'queue.resume': method(none).returns<void>(),
  /** Cancel every queued and scheduled task. */
  'queue.purge': method(none).returns<{ purged: number }>(),
};
