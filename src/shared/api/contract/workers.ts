import { z } from 'zod';
import type { WorkerInfo, WorkerStatsSample } from '../../workers';
import { method } from '../method';
import { id, none } from './common';

export const workersContract = {
  /** Live workers and the recently stopped ones (so the UI can fade them out). */
  'workers.list': method(none).returns<WorkerInfo[]>(),
  /** Drain then stop one worker; the autoscaler may start another. */
  'workers.stop': method(id).returns<void>(),
  /** Start a replacement, then drain and stop this one. */
  'workers.restart': method(id).returns<void>(),
  /** The last lines of the worker's container or process output. */
  'workers.logs': method(z.object({ id, lines: z.number().int().min(1).max(5000).default(200) }).strict())
    .returns<{ text: string }>(),
  /** CPU and memory samples of the last minutes, per worker id. */
  'workers.stats': method(none).returns<Record<string, WorkerStatsSample[]>>(),
};
