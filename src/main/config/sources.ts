import type { SettingKey } from './setting-keys';
import { describeExpected, keyByFlag, SETTING_KEYS } from './setting-keys';

/** A setting that cannot be used; the message names where it came from and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    /** `--max-workers`, `GANTRY_MAX_WORKERS`, `settings file /data/settings.json`. */
    readonly source: string,
    message: string,
  ) {
    super(message);
  }
}

/** Raw values of one source, by setting name (`minWorkers`, `docker.memory`). */
export interface RawLayer {
  values: Map<string, unknown>;
  /** How to name each value's origin in an error: `--min-workers`, `GANTRY_MIN_WORKERS`. */
  labels: Map<string, string>;
}

function emptyLayer(): RawLayer {
  return { values: new Map(), labels: new Map() };
}

/** Reads a flag's or variable's text as the setting's kind; JSON for records and lists. */
function fromText(key: SettingKey, text: string, label: string): unknown {
  if (key.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      const expected = describeExpected(key.schema);
      throw new ConfigError(label, `${label}: expected ${expected}, got ${JSON.stringify(text)}`);
    }
  }
  // An empty string would coerce to 0; keep it as text so validation refuses it.
  return text;
}

/** Flags of `serve`: settings flags plus `--config FILE`. */
export interface ParsedFlags {
  layer: RawLayer;
  config?: string;
}

const BOOLEAN_WORDS = new Set(['true', 'false']);

/**
 * Parses `--min-workers 2`, `--min-workers=2`, `--cooldown 30s`, booleans as `--x`,
 * `--x=false`, `--x false` or `--no-x`, and `--config FILE`. Unknown flags and stray
 * arguments are errors.
 */
export function parseFlags(argv: readonly string[]): ParsedFlags {
  const layer = emptyLayer();
  let config: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) {
      const shown = JSON.stringify(token);
      throw new ConfigError(token, `unexpected argument ${shown} (settings are --name value)`);
    }
    const eq = token.indexOf('=');
    let name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    let value: string | undefined = eq === -1 ? undefined : token.slice(eq + 1);

    if (name === 'config') {
      config = value ?? argv[++i];
      if (config === undefined || config === '') {
        throw new ConfigError('--config', '--config: expected a file path');
      }
      continue;
    }
    let key = keyByFlag(name);
    if (key === undefined && name.startsWith('no-')) {
      const negated = keyByFlag(name.slice(3));
      if (negated?.kind === 'boolean' && value === undefined) {
        key = negated;
        name = negated.flag;
        value = 'false';
      }
    }
    if (key === undefined) throw new ConfigError(`--${name}`, `unknown flag --${name}`);
    const label = `--${name}`;

    if (value === undefined) {
      if (key.kind === 'boolean') {
        const next = argv[i + 1];
        value = next !== undefined && BOOLEAN_WORDS.has(next) ? argv[++i]! : 'true';
      } else {
        value = argv[++i];
        if (value === undefined) throw new ConfigError(label, `${label}: expected a value`);
      }
    }
    layer.values.set(key.name, fromText(key, value, label));
    layer.labels.set(key.name, label);
  }
  return config === undefined ? { layer } : { layer, config };
}

/** `GANTRY_<SNAKE_CASE>` variables (unknown `GANTRY_*` names are ignored: workers use some). */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): RawLayer {
  const layer = emptyLayer();
  for (const key of SETTING_KEYS) {
    const text = env[key.env];
    if (text === undefined) continue;
    layer.values.set(key.name, fromText(key, text, key.env));
    layer.labels.set(key.name, key.env);
  }
  return layer;
}

/** The settings file's JSON object as a layer; `label` names the file in errors. */
export function fileLayer(json: unknown, label: string): RawLayer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(label, `${label}: expected a JSON object of settings`);
  }
  const layer = emptyLayer();
  for (const [name, value] of Object.entries(json)) {
    if (name === 'docker' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        layer.values.set(`docker.${inner}`, innerValue);
        layer.labels.set(`docker.${inner}`, `${label}: docker.${inner}`);
      }
      continue;
    }
    layer.values.set(name, value);
    layer.labels.set(name, `${label}: ${name}`);
  }
  return layer;
}
