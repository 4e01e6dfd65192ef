import { z } from 'zod';
import type { GantryEvent } from '../../events';
import { method } from '../method';

const EventRangeSchema = {
  /** Epoch ms, inclusive. */
  from: z.number().int().min(0).optional(),
  /** Epoch ms, inclusive. */
  to: z.number().int().min(0).optional(),
};

export const EventExportSchema = z
  .object({ format: z.enum(['jsonl', 'csv']), ...EventRangeSchema })
  .strict();

export const EventListSchema = z
  .object({
    ...EventRangeSchema,
    types: z.array(z.enum(['scaling', 'worker', 'runtime-error', 'task-summary', 'notice'])).optional(),
    limit: z.number().int().min(1).max(100_000).default(1000),
  })
  .strict();

/** An export: the file's text (headless: downloaded), or where the app saved it. */
export interface EventExport {
  filename: string;
  contentType: string;
  count: number;
  content?: string;
  savedTo?: string;
}

export const eventsContract = {
  /** Oldest first. */
  'events.list': method(EventListSchema).returns<GantryEvent[]>(),
  'events.export': method(EventExportSchema).returns<EventExport>(),
};
