import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import type { Settings } from '../../shared/settings';
import {
  applySettingsPatch,
  defaultSettings,
  SettingsError,
  SettingsPatchSchema,
} from '../../shared/settings';
import { describeExpected, keyByName } from './setting-keys';
import { SettingsFile } from './settings-file';
import type { RawLayer } from './sources';
import { ConfigError, fileLayer, parseEnv, parseFlags } from './sources';

/** A validated partial update of the settings. */
export type SettingsPatchOutput = z.output<typeof SettingsPatchSchema>;

/** Name of the settings file in the data directory. */
export const SETTINGS_FILE = 'settings.json';

export interface LoadSettingsInput {
  /** The `serve` flags (without the command name). */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (`--data`, `--config`) are resolved against it. */
  cwd: string;
}

export interface LoadedSettings {
  /** Validated; `data` is an absolute path. */
  settings: Settings;
  /** The settings file: where the app's settings view persists changes. */
  file: SettingsFile;
  /** Where each setting that is not a default came from, by name (`--min-workers`...). */
  sources: Record<string, string>;
}

type Issue = z.core.$ZodIssue;

function issueError(issue: Issue | undefined, layer: RawLayer, source: string): ConfigError {
  if (issue === undefined) return new ConfigError(source, `${source}: invalid settings`);
  if (issue.code === 'unrecognized_keys') {
    const name = [...issue.path, issue.keys[0]].join('.');
    return new ConfigError(source, `${source}: unknown setting "${name}"`);
  }
  const name = issue.path.join('.');
  const label = layer.labels.get(name) ?? `${source}: ${name}`;
  const key = keyByName(name);
  if (issue.code === 'custom' || key === undefined) {
    return new ConfigError(label, `${label}: ${issue.message}`);
  }
  const raw = layer.values.get(name);
  const expected = describeExpected(key.schema);
  return new ConfigError(label, `${label}: expected ${expected}, got ${JSON.stringify(raw)}`);
}

/** Validates one source's values; errors name the source and the key. */
function toPatch(layer: RawLayer, source: string): SettingsPatchOutput {
  const nested: Record<string, unknown> = {};
  const docker: Record<string, unknown> = {};
  for (const [name, value] of layer.values) {
    const key = keyByName(name);
    // Checked here too: the schema strips unknown docker keys instead of refusing them.
    if (key === undefined) throw new ConfigError(source, `${source}: unknown setting "${name}"`);
    if (key.kind === 'number' && typeof value === 'string' && value.trim() === '') {
      const label = layer.labels.get(name) ?? name;
      throw new ConfigError(label, `${label}: expected ${describeExpected(key.schema)}, got ""`);
    }
    if (name.startsWith('docker.')) docker[name.slice('docker.'.length)] = value;
    else nested[name] = value;
  }
  if (Object.keys(docker).length > 0) nested.docker = docker;
  const result = SettingsPatchSchema.safeParse(nested);
  if (!result.success) throw issueError(result.error.issues[0], layer, source);
  return result.data;
}

/** Later patches win; nested docker keys merge. */
export function mergePatches(...patches: SettingsPatchOutput[]): SettingsPatchOutput {
  const merged: SettingsPatchOutput = {};
  for (const patch of patches) {
    const docker =
      patch.docker === undefined ? merged.docker : { ...merged.docker, ...patch.docker };
    Object.assign(merged, patch);
    if (docker !== undefined) merged.docker = docker;
  }
  return merged;
}

async function readSettingsFile(path: string, explicit: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return {};
    const source = `settings file ${path}`;
    throw new ConfigError(source, `${source}: cannot read it (${code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const source = `settings file ${path}`;
    throw new ConfigError(source, `${source}: not valid JSON (${(error as Error).message})`);
  }
}

const RELATED: Record<string, string[]> = {
  minWorkers: ['minWorkers', 'maxWorkers'],
  retryBase: ['retryBase', 'retryMax'],
};

/**
 * The settings of this run: `SETTINGS_DEFAULTS` ← the settings file (`<data>/settings.json`
 * or `--config FILE`) ← `GANTRY_<SNAKE_CASE>` variables ← flags. Throws `ConfigError` with a
 * message naming the source and key, e.g. `--max-workers: expected a whole number 1..1000,
 * got "x"`.
 */
export async function loadSettings(input: LoadSettingsInput): Promise<LoadedSettings> {
  const flags = parseFlags(input.argv);
  const envLayer = parseEnv(input.env);
  const flagPatch = toPatch(flags.layer, 'flags');
  const envPatch = toPatch(envLayer, 'environment');

  const configFlag = flags.config ?? input.env.GANTRY_CONFIG;
  const dataGuess = resolve(input.cwd, flagPatch.data ?? envPatch.data ?? defaultSettings().data);
  const filePath =
    configFlag === undefined ? join(dataGuess, SETTINGS_FILE) : resolve(input.cwd, configFlag);
  const fileSource = `settings file ${filePath}`;
  const fileRaw = fileLayer(await readSettingsFile(filePath, configFlag !== undefined), fileSource);
  const filePatch = toPatch(fileRaw, fileSource);

  const overlay = mergePatches(envPatch, flagPatch);
  const sources: Record<string, string> = {};
  for (const layer of [fileRaw, envLayer, flags.layer]) {
    for (const [name, label] of layer.labels) sources[name] = label;
  }

  let settings: Settings;
  try {
    settings = applySettingsPatch(defaultSettings(), mergePatches(filePatch, overlay));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    const names = RELATED[error.field] ?? [error.field];
    const from = names.map((name) => `${name} from ${sources[name] ?? 'the defaults'}`).join(', ');
    throw new ConfigError(sources[error.field] ?? error.field, `${error.message} (${from})`);
  }
  settings.data = resolve(input.cwd, settings.data);
  return { settings, file: new SettingsFile(filePath, filePatch, overlay), sources };
}
