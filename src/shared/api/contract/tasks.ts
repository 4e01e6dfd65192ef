import { z } from 'zod';
import type { Task } from '../../tasks';
import { TASK_STATES } from '../../tasks';
import { method } from '../method';
import { id } from './common';

export const TaskListQuerySchema = z
  .object({
    state: z.enum(TASK_STATES as [string, ...string[]]).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    /** Opaque: the `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const tasksContract = {
  /** Newest first. */
  'tasks.list': method(TaskListQuerySchema).returns<{ tasks: Task[]; nextCursor?: string }>(),
  'tasks.get': method(id).returns<Task>(),
  /** A dead or canceled task back to `queued` with fresh attempts. */
  'tasks.retry': method(id).returns<Task>(),
  /** A scheduled, queued or running task to `canceled`. */
  'tasks.cancel': method(id).returns<Task>(),
};
