import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The remembered window: its normal (not maximized) bounds and whether it was maximized. */
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** The smallest window the dashboard lays out in. */
export const MIN_SIZE = { width: 900, height: 600 } as const;
export const DEFAULT_SIZE = { width: 1360, height: 860 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);

const WindowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: z.boolean(),
});

/**
 * The state stored in `text`, or undefined when the file is missing, not JSON, or not the
 * expected shape (a hand-edited or truncated file must not keep the app from opening).
 */
export function parseWindowState(text: string | undefined): WindowState | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = WindowStateSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Fits remembered bounds onto the displays that exist now. A window whose title bar would
 * be off every display (a monitor was unplugged) is centred on the primary display; a window
 * larger than its display shrinks to it. `workAreas[0]` is the primary display.
 */
export function clampToDisplays(bounds: Rect, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0];
  if (primary === undefined) return bounds;
  const home = workAreas.find((area) => titleBarVisible(bounds, area));
  const area = home ?? primary;
  const width = Math.max(Math.min(bounds.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(
    Math.min(bounds.height, area.height),
    Math.min(MIN_SIZE.height, area.height),
  );
  if (home === undefined) return centred({ width, height }, area);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** Default bounds: the default size centred on the primary display. */
export function defaultBounds(workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return centred({ width, height }, primary);
}

// Enough of the title bar to grab: 100 px wide (or all of a narrower window), 20 px tall.
function titleBarVisible(bounds: Rect, area: Rect): boolean {
  const overlapX =
    Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const top = bounds.y;
  return (
    overlapX >= Math.min(100, bounds.width) &&
    top >= area.y - 20 &&
    top <= area.y + area.height - 20
  );
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  return {
    x: Math.round(area.x + (area.width - size.width) / 2),
    y: Math.round(area.y + (area.height - size.height) / 2),
    ...size,
  };
}

/** Reads the state file; undefined when absent or invalid. */
export function readWindowState(path: string): WindowState | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  return parseWindowState(text);
}

/** Writes the state file atomically (a crash mid-write leaves the previous file). */
export function writeWindowState(path: string, state: WindowState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, path);
}
