import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { Settings, SettingsPatchSchema } from '../../shared/settings';
import { SETTINGS_DEFAULTS } from '../../shared/settings';

type Patch = z.output<typeof SettingsPatchSchema>;
type Plain = Record<string, unknown>;

/** Never written: `data` is where the file lives, and the token has its own private file. */
const NOT_PERSISTED = new Set(['data', 'apiToken']);

function asPlain(value: unknown): Plain {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => same((a as Plain)[key], (b as Plain)[key]));
}

/**
 * The keys to write for one level (top level or `docker`): a value is kept when the user
 * chose it in the app, i.e. it differs from the defaults and is not merely what this run's
 * flags or environment imposed (those stay per run; the file keeps its own value for them).
 */
function level(current: Plain, defaults: Plain, file: Plain, overlay: Plain): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(current)) {
    if (NOT_PERSISTED.has(key) || key === 'docker') continue;
    if (key in overlay && same(overlay[key], value)) {
      if (key in file) out[key] = file[key];
      continue;
    }
    if (!same(value, defaults[key])) out[key] = value;
  }
  return out;
}

/**
 * The settings file (`<data>/settings.json`): JSON holding only what differs from the
 * defaults. `save` is the engine's `persistSettings`: it writes atomically (a temporary file,
 * then a rename), one save at a time.
 */
export class SettingsFile {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    /** What the file holds (validated when loaded). */
    private fileValues: Plain,
    /** What this run's environment and flags set; not baked into the file. */
    private readonly overlay: Patch,
  ) {}

  /** The JSON object `save` would write for these settings. */
  contentFor(settings: Settings): Plain {
    const out = level(settings, SETTINGS_DEFAULTS, this.fileValues, this.overlay);
    const docker = level(
      settings.docker,
      SETTINGS_DEFAULTS.docker,
      asPlain(this.fileValues.docker),
      this.overlay.docker ?? {},
    );
    if (Object.keys(docker).length > 0) out.docker = docker;
    return out;
  }

  /** Writes the settings; resolves once the file is in place. */
  save(settings: Settings): Promise<void> {
    const content = this.contentFor(settings);
    const next = this.chain.then(() => this.write(content));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async write(content: Plain): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
    this.fileValues = content;
  }
}
