/** The export form's range choice: a preset, everything, or a custom local from/to. */
export interface RangeChoice {
  preset: string;
  /** `datetime-local` values (`2026-12-03T14:05`), local time. */
  from: string;
  to: string;
}

/**
 * The `{from, to}` of an export in epoch ms (omitted for everything), or an error. Presets
 * are minutes back from `now`; custom bounds are local wall-clock times, `to` inclusive of
 * its whole minute.
 */
export function exportRange(
  choice: RangeChoice,
  now: number,
): { ok: true; range: { from?: number; to?: number } } | { ok: false; error: string } {
  if (choice.preset === 'all') return { ok: true, range: {} };
  if (choice.preset !== 'custom') {
    return {
      ok: true,
      range: { from: Math.max(0, now - Number(choice.preset) * 60_000), to: now },
    };
  }
  const from = choice.from === '' ? undefined : new Date(choice.from).getTime();
  const to = choice.to === '' ? undefined : new Date(choice.to).getTime() + 59_999;
  if (from !== undefined && !Number.isFinite(from))
    return { ok: false, error: 'the start is not a time' };
  if (to !== undefined && !Number.isFinite(to))
    return { ok: false, error: 'the end is not a time' };
  if (from !== undefined && to !== undefined && from > to) {
    return { ok: false, error: 'the start is after the end' };
  }
  const range: { from?: number; to?: number } = {};
  if (from !== undefined) range.from = Math.max(0, from);
  if (to !== undefined) range.to = Math.max(0, to);
  return { ok: true, range };
}
