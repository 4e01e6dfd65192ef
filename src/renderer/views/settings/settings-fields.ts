import type { PublicSettings } from '../../../shared/api/contract/settings';
import { POLICY_NAMES } from '../../../shared/scaling/types';

/** How a setting is edited: the widget and how its stored value reads as text. */
export type SettingKind =
  | { kind: 'int' }
  | { kind: 'number' }
  | { kind: 'duration' }
  | { kind: 'size' }
  | { kind: 'text' }
  | { kind: 'bool' }
  | { kind: 'json' }
  | { kind: 'enum'; options: readonly string[] };

type TopKey = Exclude<keyof PublicSettings, 'docker' | 'apiToken'>;
type DockerKey = keyof PublicSettings['docker'];

/** Every editable top-level key, in the order the form shows them. */
export const TOP_FIELDS: Record<TopKey, SettingKind> = {
  minWorkers: { kind: 'int' },
  maxWorkers: { kind: 'int' },
  workerConcurrency: { kind: 'int' },
  policy: { kind: 'enum', options: POLICY_NAMES },
  policyParams: { kind: 'json' },
  cooldown: { kind: 'duration' },
  reconcileInterval: { kind: 'duration' },
  selection: { kind: 'enum', options: ['least-connections', 'round-robin', 'p2c'] },
  maxQueue: { kind: 'int' },
  maxPayload: { kind: 'size' },
  maxAttempts: { kind: 'int' },
  taskTimeout: { kind: 'duration' },
  retryBase: { kind: 'duration' },
  retryMax: { kind: 'duration' },
  startTimeout: { kind: 'duration' },
  drainTimeout: { kind: 'duration' },
  stopGrace: { kind: 'duration' },
  workerWorkMs: { kind: 'int' },
  image: { kind: 'text' },
  runtime: { kind: 'enum', options: ['auto', 'docker', 'process'] },
  durability: { kind: 'enum', options: ['fsync', 'relaxed'] },
  logLevel: { kind: 'enum', options: ['debug', 'info', 'warn', 'error'] },
  port: { kind: 'int' },
  data: { kind: 'text' },
  workerCommand: { kind: 'json' },
};

export const DOCKER_FIELDS: Record<DockerKey, SettingKind> = {
  cpus: { kind: 'number' },
  memory: { kind: 'size' },
  pidsLimit: { kind: 'int' },
  network: { kind: 'text' },
  user: { kind: 'text' },
  readOnlyRootfs: { kind: 'bool' },
  dropAllCapabilities: { kind: 'bool' },
  noNewPrivileges: { kind: 'bool' },
  allowProcessFallback: { kind: 'bool' },
  env: { kind: 'json' },
  labels: { kind: 'json' },
  command: { kind: 'json' },
};

/** A stored value as the text the form edits (`30000` ms reads `30s`). */
export function toText(kind: SettingKind, value: unknown): string | boolean {
  if (kind.kind === 'bool') return value === true;
  if (kind.kind === 'json') return JSON.stringify(value ?? null);
  if (kind.kind === 'duration' && typeof value === 'number') {
    if (value % 3_600_000 === 0 && value > 0) return `${value / 3_600_000}h`;
    if (value % 60_000 === 0 && value > 0) return `${value / 60_000}m`;
    if (value % 1000 === 0 && value > 0) return `${value / 1000}s`;
    return `${value}ms`;
  }
  if (kind.kind === 'size' && typeof value === 'number') {
    for (const [unit, factor] of [
      ['gb', 1024 ** 3],
      ['mb', 1024 ** 2],
      ['kb', 1024],
    ] as const) {
      if (value % factor === 0 && value > 0) return `${value / factor}${unit}`;
    }
    return String(value);
  }
  return String(value ?? '');
}

/**
 * Form text back to what the settings schema accepts (durations and sizes stay text; the
 * schema parses them). A JSON field that does not parse is an error for that field.
 */
export function fromText(
  kind: SettingKind,
  text: string | boolean,
): { value: unknown } | { error: string } {
  if (kind.kind === 'bool') return { value: text === true };
  const s = String(text).trim();
  if (kind.kind === 'json') {
    try {
      return { value: JSON.parse(s) as unknown };
    } catch {
      return { error: 'not valid JSON' };
    }
  }
  if (kind.kind === 'int' || kind.kind === 'number') {
    const n = Number(s);
    if (s === '' || !Number.isFinite(n)) return { error: 'must be a number' };
    return { value: n };
  }
  return { value: s };
}
