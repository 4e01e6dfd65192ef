import { z } from 'zod';

export const none = z.union([z.undefined(), z.null(), z.object({}).strict()]).transform(() => undefined);
export const id = z.string().min(1).max(200);
