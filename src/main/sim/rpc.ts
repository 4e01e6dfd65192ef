import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { GantryError } from '../../shared/api/errors';
import type { SimRunOutput, SimRunRequest } from '../../shared/api/contract/sim';
import { seedFrom } from '../../shared/random';
import { DEFAULT_POLICY, POLICY_NAMES } from '../../shared/scaling';
import { TraceError, parseTrace } from '../../shared/traces';
import { parseDurations } from './durations';
import { simulateAsync } from './simulate';
import type { SimResult } from './types';
import { buildWorkload } from './workload';
import type { WorkloadSpec } from './workload';

/**
 * The `sim.run` handler (and the engine of `gantry sim`): reads the trace and durations
 * named by the request, builds the workload once, and runs the chosen policy, or every
 * policy with `compare`, on it. Bad files and knobs are `GantryError('invalid_input')`
 * naming the field.
 *
 * It runs on the calling thread, giving the event loop a turn every 50,000 events, so the
 * engine keeps dispatching while a long trace replays (slower, not stalled).
 * TODO: a worker thread would take the CPU work off the engine's thread entirely; it needs
 * a separate bundle entry for the built app, so it waits for the app's build layout.
 */
export async function runSimRequest(req: SimRunRequest): Promise<SimRunOutput> {
  const seed = seedFrom(req.seed);
  const spec: WorkloadSpec = {
    shape: req.shape,
    scale: req.scale,
    bins: req.bins,
    workMs: req.workMs,
  };
  const traceText = await text(req.trace, req.traceCsv, 'trace');
  if (traceText !== undefined) {
    const name =
      req.traceName ?? (req.trace ? basename(req.trace).replace(/\.csv$/i, '') : 'trace');
    try {
      spec.trace = { name, trace: parseTrace(traceText, name) };
    } catch (error) {
      if (error instanceof TraceError)
        throw new GantryError('invalid_input', error.message, { field: 'trace' });
      throw error;
    }
  }
  const durationsText = await text(req.durations, req.durationsCsv, 'durations');
  if (durationsText !== undefined) {
    const name = req.durations ? basename(req.durations) : 'durations';
    try {
      spec.durations = { name, model: parseDurations(durationsText, name) };
    } catch (error) {
      throw new GantryError(
        'invalid_input',
        error instanceof Error ? error.message : String(error),
        {
          field: 'durations',
        },
      );
    }
  }
  if (req.bins && req.bins[1] <= req.bins[0]) {
    throw new GantryError('invalid_input', `bins ${req.bins[0]}:${req.bins[1]} select nothing`, {
      field: 'bins',
    });
  }

  const workload = buildWorkload(spec, seed);
  const policies = req.compare ? POLICY_NAMES : [req.policy ?? DEFAULT_POLICY];
  const results: SimResult[] = [];
  for (const policy of policies) {
    results.push(
      await simulateAsync(workload, {
        policy,
        params: req.params,
        seed,
        sloMs: req.slo,
        startLatency: req.startLatency,
        slotsPerWorker: req.workerConcurrency,
        minWorkers: req.minWorkers,
        maxWorkers: req.maxWorkers,
        reconcileMs: req.reconcileMs,
        seriesPoints: req.seriesPoints,
      }),
    );
  }
  return { results };
}

async function text(
  path: string | undefined,
  inline: string | undefined,
  field: string,
): Promise<string | undefined> {
  if (inline !== undefined) return inline;
  if (path === undefined) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GantryError('invalid_input', `cannot read ${field} file: ${reason}`, {
      field,
      cause: error,
    });
  }
}
