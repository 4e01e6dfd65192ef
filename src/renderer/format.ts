/** Display formatting shared by the views. Pure; every input is a number from the engine. */

/** `1.2k`, `34`, `0.5`: compact counts and rates. */
export function fmtNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(digits)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(digits)}k`;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(abs < 10 ? digits : 0);
}

/** `850 ms`, `1.2 s`, `3 m 05 s`, `2 h 10 m`. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** `512 MiB`, `1.5 GiB`. */
export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time `14:05:09`. */
export function fmtClock(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A worker's container id shortened like `docker ps` (12 characters); a pid as is. */
export function shortRef(runtime: 'docker' | 'process', ref: string): string {
  return runtime === 'docker' ? ref.slice(0, 12) : `pid ${ref}`;
}

/**
 * What a worker runs, short enough for a card: an image name as is, a process command with
 * each path cut to its file name (`/usr/bin/node /app/worker/worker.mjs` → `node worker.mjs`).
 */
export function shortImage(runtime: 'docker' | 'process', image: string): string {
  if (image === '') return '—';
  if (runtime === 'docker') return image;
  return image
    .split(' ')
    .map((part) => (part.includes('/') ? (part.split('/').pop() ?? part) : part))
    .join(' ');
}

/** Any JSON value as indented text, for payloads and results (never as HTML). */
export function fmtJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
