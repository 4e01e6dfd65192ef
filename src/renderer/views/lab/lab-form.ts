import type { SimRunInput, SimShape } from '../../../shared/api/contract/sim';
import { SimRunInputSchema } from '../../../shared/api/contract/sim';
import type { PolicyName } from '../../../shared/scaling/types';

/** The lab form as typed text; checked against the contract's schema on run. */
export interface LabFormValues {
  source: SimShape | 'trace';
  policy: PolicyName;
  compare: boolean;
  slo: string;
  startLatency: string;
  workMs: string;
  workerConcurrency: string;
  minWorkers: string;
  maxWorkers: string;
  seed: string;
  scale: string;
}

export const LAB_DEFAULTS: LabFormValues = {
  source: 'spike',
  policy: 'threshold',
  compare: true,
  slo: '10s',
  startLatency: '5s',
  workMs: '',
  workerConcurrency: '4',
  minWorkers: '0',
  maxWorkers: '100',
  seed: '1',
  scale: '',
};

/** A simulator run from the form, or the errors by field. */
export function toSimInput(
  values: LabFormValues,
  trace: { name: string; text: string } | null,
): { ok: true; input: SimRunInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = {
    compare: values.compare,
    slo: values.slo.trim(),
    startLatency: values.startLatency.trim(),
    seriesPoints: 400,
  };
  if (!values.compare) input['policy'] = values.policy;
  if (values.source === 'trace') {
    if (trace === null) errors['trace'] = 'choose a trace file';
    else {
      input['traceCsv'] = trace.text;
      input['traceName'] = trace.name.slice(0, 200);
    }
  } else {
    input['shape'] = values.source;
  }
  const numbers: [keyof LabFormValues, boolean][] = [
    ['workMs', false],
    ['workerConcurrency', true],
    ['minWorkers', true],
    ['maxWorkers', true],
    ['scale', false],
  ];
  for (const [name, integer] of numbers) {
    const text = String(values[name]).trim();
    if (text === '') continue;
    const n = Number(text);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
      errors[name] = integer ? 'a whole number' : 'a number';
    else input[name] = n;
  }
  const seed = values.seed.trim();
  if (seed !== '') input['seed'] = /^-?\d+$/.test(seed) ? Number(seed) : seed;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const parsed = SimRunInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? 'source')] = issue.message;
    return { ok: false, errors };
  }
  // Send the input as typed (durations as text); the engine parses it with the same schema.
  return { ok: true, input: input as SimRunInput };
}
