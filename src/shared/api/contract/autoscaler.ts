import { z } from 'zod';
import { POLICY_NAMES } from '../../scaling/types';
import type { AutoscalerStatus } from '../../snapshot';
import { method } from '../method';
import { none } from './common';

export const AutoscalerConfigSchema = z
  .object({
    policy: z.enum(POLICY_NAMES as [string, ...string[]]).optional(),
    /** Replaces the policy's knobs; the policy validates them. */
    params: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
    minWorkers: z.number().int().min(0).max(1000).optional(),
    maxWorkers: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const autoscalerContract = {
  'autoscaler.get': method(none).returns<AutoscalerStatus>(),
  'autoscaler.configure': method(AutoscalerConfigSchema).returns<AutoscalerStatus>(),
  'autoscaler.pause': method(none).returns<AutoscalerStatus>(),
  'autoscaler.resume': method(none).returns<AutoscalerStatus>(),
  /** Manual scale: pauses the autoscaler and sets the pool to this count. */
  'autoscaler.scale': method(z.object({ workers: z.number().int().min(0).max(1000) }).strict())
    .returns<AutoscalerStatus>(),
};
