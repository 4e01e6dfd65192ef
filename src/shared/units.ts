/** Parsing of the human units settings accept: durations (`30s`) and sizes (`1mb`). */

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function parseUnit(text: string, table: Record<string, number>, fallback: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const factor = table[(match[2] || fallback).toLowerCase()];
  if (factor === undefined) return null;
  return Math.round(Number(match[1]) * factor);
}

/** `1500`, `"1500"` and `"1.5s"` are all 1500 ms; `"2m"` is 120000. Null when unreadable. */
export function parseDurationMs(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  return parseUnit(value, DURATION_MS, 'ms');
}

/** `1048576`, `"1mb"` and `"1024kb"` are all 1 MiB. Null when unreadable. */
export function parseSizeBytes(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  return parseUnit(value, SIZE_BYTES, 'b');
}
