import { TrafficProfileSchema } from '../../../shared/api/contract/traffic';
import type { TrafficProfile, TrafficShape } from '../../../shared/traffic';

/**
 * A chosen trace: its text, read in the page from a file input, or (desktop app) the path a
 * native dialog answered, which the main process reads.
 */
export interface TraceChoice {
  name: string;
  text?: string;
  path?: string;
}

/** The form's fields as typed text (validated on submit, so half-typed numbers are fine). */
export interface TrafficFormValues {
  shape: TrafficShape;
  rate: string;
  durationS: string;
  workMs: string;
  peakRate: string;
  atS: string;
  periodS: string;
  offS: string;
  speed: string;
  scale: string;
}

export const BURST_PRESET: TrafficFormValues = {
  shape: 'spike',
  rate: '2',
  durationS: '60',
  workMs: '1500',
  peakRate: '20',
  atS: '5',
  periodS: '20',
  offS: '',
  speed: '',
  scale: '',
};

/** Which shape parameters each shape reads, with the label that says what they mean. */
export const SHAPE_FIELDS: Record<
  TrafficShape,
  { name: keyof TrafficFormValues; label: string }[]
> = {
  constant: [],
  step: [
    { name: 'peakRate', label: 'Rate after the step (tasks/s)' },
    { name: 'atS', label: 'Step at (s)' },
  ],
  spike: [
    { name: 'peakRate', label: 'Peak rate (tasks/s)' },
    { name: 'atS', label: 'Spike starts at (s)' },
    { name: 'periodS', label: 'Spike length (s)' },
  ],
  sine: [
    { name: 'peakRate', label: 'Amplitude (tasks/s)' },
    { name: 'periodS', label: 'Period (s)' },
  ],
  onoff: [
    { name: 'peakRate', label: 'Rate when on (tasks/s)' },
    { name: 'periodS', label: 'On for (s)' },
    { name: 'offS', label: 'Off for (s)' },
  ],
  trace: [
    { name: 'speed', label: 'Speed-up (×)' },
    { name: 'scale', label: 'Scale arrivals (×)' },
  ],
};

const NUMERIC: (keyof TrafficFormValues)[] = [
  'rate',
  'durationS',
  'workMs',
  'peakRate',
  'atS',
  'periodS',
  'offS',
  'speed',
  'scale',
];

/**
 * The profile the form describes, checked against the contract's schema; or the errors by
 * field. Only the current shape's parameters are sent.
 */
export function toProfile(
  values: TrafficFormValues,
  trace: TraceChoice | null,
): { ok: true; profile: TrafficProfile } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const raw: Record<string, unknown> = { shape: values.shape };
  const relevant = new Set<keyof TrafficFormValues>([
    'rate',
    'durationS',
    'workMs',
    ...SHAPE_FIELDS[values.shape].map((f) => f.name),
  ]);
  for (const name of NUMERIC) {
    if (!relevant.has(name)) continue;
    const text = values[name].trim();
    if (text === '') continue;
    const n = Number(text);
    if (!Number.isFinite(n)) errors[name] = 'must be a number';
    else raw[name] = n;
  }
  if (values.shape === 'trace') {
    if (trace === null) errors['traceCsv'] = 'choose a trace file';
    else if (trace.path !== undefined) raw['tracePath'] = trace.path;
    else raw['traceCsv'] = trace.text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const parsed = TrafficProfileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? 'shape')] = issue.message;
    return { ok: false, errors };
  }
  return { ok: true, profile: parsed.data };
}
