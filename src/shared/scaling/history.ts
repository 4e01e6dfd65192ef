/** A timestamped sample kept in policy state (plain JSON). */
export interface Sample {
  at: number;
  value: number;
}

/**
 * Appends a sample and drops those older than `windowMs` before `now`, keeping at most
 * `cap` entries (the oldest go first), so the persisted state stays bounded whatever the
 * reconcile interval. Returns a new array: the state passed in is never mutated.
 */
export function pushWindow(
  samples: readonly Sample[],
  sample: Sample,
  windowMs: number,
  cap: number,
): Sample[] {
  const from = sample.at - windowMs;
  let start = 0;
  while (start < samples.length && (samples[start] as Sample).at <= from) start++;
  start = Math.max(start, samples.length + 1 - cap);
  const next = samples.slice(start);
  next.push(sample);
  return next;
}

/** The samples taken after `now - windowMs`. */
export function within(samples: readonly Sample[], now: number, windowMs: number): Sample[] {
  return samples.filter((s) => s.at > now - windowMs);
}

/** Mean of the values (0 for none). */
export function mean(samples: readonly Sample[]): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s.value;
  return sum / samples.length;
}
