import { z } from 'zod';
import type { TrafficProgress, TrafficSummary } from '../../traffic';
import { method } from '../method';
import { none } from './common';

export const TrafficProfileSchema = z
  .object({
    shape: z.enum(['constant', 'step', 'spike', 'sine', 'onoff', 'trace']),
    rate: z.number().min(0).max(100_000),
    durationS: z.number().positive().max(7 * 24 * 3600),
    workMs: z.number().int().min(0).max(86_400_000).optional(),
    peakRate: z.number().min(0).max(100_000).optional(),
    atS: z.number().min(0).optional(),
    periodS: z.number().positive().optional(),
    offS: z.number().min(0).optional(),
    traceCsv: z.string().max(50 * 1024 * 1024).optional(),
    tracePath: z.string().max(4096).optional(),
    speed: z.number().positive().max(1_000_000).optional(),
    scale: z.number().positive().max(10_000).optional(),
  })
  .strict();

export const trafficContract = {
  'traffic.start': method(TrafficProfileSchema).returns<TrafficProgress>(),
  /** Stops the run; answers its summary (null when none ran). */
  'traffic.stop': method(none).returns<TrafficSummary | null>(),
};
