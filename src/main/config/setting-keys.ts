import { z } from 'zod';
import { DockerSettingsSchema, SettingsSchema } from '../../shared/settings';

/** How a setting's text (from a flag or the environment) is read. */
export type SettingKind = 'boolean' | 'number' | 'json' | 'text';

/** One setting as the command line and the environment name it. */
export interface SettingKey {
  /** `['minWorkers']`, `['docker', 'memory']`. */
  path: readonly [string] | readonly [string, string];
  /** `minWorkers`, `docker.memory`. */
  name: string;
  /** `min-workers`, `docker-memory` (used as `--min-workers`). */
  flag: string;
  /** `GANTRY_MIN_WORKERS`, `GANTRY_DOCKER_MEMORY`. */
  env: string;
  kind: SettingKind;
  schema: z.ZodType;
}

function words(camel: string): string[] {
  return camel.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
}

function kindOf(schema: z.ZodType): SettingKind {
  const type = schema.def.type;
  if (type === 'record' || type === 'array') return 'json';
  if (type === 'number') return 'number';
  if (schema.safeParse(true).success) return 'boolean';
  return 'text';
}

function key(path: readonly [string] | readonly [string, string], schema: z.ZodType): SettingKey {
  const parts = path.flatMap(words);
  return {
    path,
    name: path.join('.'),
    flag: parts.join('-'),
    env: `GANTRY_${parts.join('_').toUpperCase()}`,
    kind: kindOf(schema),
    schema,
  };
}

function build(): SettingKey[] {
  const keys: SettingKey[] = [];
  for (const [name, schema] of Object.entries(SettingsSchema.shape)) {
    if (name === 'docker') continue;
    keys.push(key([name], schema));
  }
  for (const [name, schema] of Object.entries(DockerSettingsSchema.shape)) {
    keys.push(key(['docker', name], schema));
  }
  return keys;
}

/** Every setting, nested docker keys included, in schema order. */
export const SETTING_KEYS: readonly SettingKey[] = build();

const BY_FLAG = new Map(SETTING_KEYS.map((k) => [k.flag, k]));
const BY_NAME = new Map(SETTING_KEYS.map((k) => [k.name, k]));

export function keyByFlag(flag: string): SettingKey | undefined {
  return BY_FLAG.get(flag);
}

export function keyByName(name: string): SettingKey | undefined {
  return BY_NAME.get(name);
}

/** What a setting accepts, in words: `a whole number 1..1000`, `one of auto, docker, process`. */
export function describeExpected(schema: z.ZodType): string {
  if (schema instanceof z.ZodNumber) {
    const range = `${schema.minValue ?? '-∞'}..${schema.maxValue ?? '∞'}`;
    return schema.isInt ? `a whole number ${range}` : `a number ${range}`;
  }
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(', ')}`;
  if (schema instanceof z.ZodRecord) return 'a JSON object';
  if (schema instanceof z.ZodArray) return 'a JSON array';
  if (schema instanceof z.ZodString) return schema.minLength ? 'non-empty text' : 'text';
  if (kindOf(schema) === 'boolean') return 'true or false';
  if (schema.safeParse('30s').success) return 'a duration such as 500ms, 30s, 2m';
  if (schema.safeParse('1mb').success) return 'a size such as 512kb, 1mb';
  return 'a valid value';
}
