import { z } from 'zod';
import { DEFAULT_POLICY } from './scaling';
import { POLICY_NAMES } from './scaling/types';
import { parseDurationMs, parseSizeBytes } from './units';

/** A duration setting: a number of ms or a string such as `30s`, stored as ms. */
const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseDurationMs(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${String(v)} (try 500ms, 30s, 2m)` });
    return z.NEVER;
  }
  return ms;
});

/** A size setting: a number of bytes or a string such as `1mb`, stored as bytes. */
const size = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const bytes = parseSizeBytes(v);
  if (bytes === null) {
    ctx.addIssue({ code: 'custom', message: `not a size: ${String(v)} (try 512kb, 1mb)` });
    return z.NEVER;
  }
  return bytes;
});

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Container options for the Docker runtime. Each secure default can be loosened here. */
const dockerFields = {
  /** Extra environment for every worker container. */
  env: z.record(z.string(), z.string()),
  /** Command override (the image's default when empty). */
  command: z.array(z.string()),
  /** CPU limit in cores (0 = none). */
  cpus: z.coerce.number().min(0).max(256),
  /** Memory limit per container (0 = none). */
  memory: size,
  /** Process limit per container (0 = none). */
  pidsLimit: count(0, 1_000_000),
  /** Docker network to attach to (the default bridge when empty). */
  network: z.string(),
  /** Extra labels on every container. */
  labels: z.record(z.string(), z.string()),
  readOnlyRootfs: flag,
  dropAllCapabilities: flag,
  noNewPrivileges: flag,
  /** User inside the container (`uid:gid`); empty keeps the image's user. */
  user: z.string(),
  /** Fall back to local worker processes when no Docker engine answers. */
  allowProcessFallback: flag,
};

/**
 * Every setting. Each key is also a `serve` flag (kebab-case) and an environment variable
 * `GANTRY_<SNAKE_CASE>`. Durations accept `ms|s|m|h`, sizes `kb|mb|gb`. Defaults are in
 * `SETTINGS_DEFAULTS`.
 */
const fields = {
  /** HTTP port of the local API and the headless dashboard (127.0.0.1 only; 0 = any free). */
  port: count(0, 65535),
  /** Data directory: queue journal, event log, token, learned policy state. */
  data: z.string().min(1),
  /** `auto` uses Docker when an engine answers, local processes otherwise. */
  runtime: z.enum(['auto', 'docker', 'process']),
  minWorkers: count(0, 1000),
  maxWorkers: count(1, 1000),
  /** Task slots per worker. */
  workerConcurrency: count(1, 1000),
  policy: z.enum(POLICY_NAMES as [string, ...string[]]),
  /** Policy knobs, validated by the chosen policy. */
  policyParams: z.record(z.string(), z.union([z.number(), z.boolean()])),
  /** Minimum time between two scale actions of the threshold policy. */
  cooldown: duration,
  /** Reconcile loop period of the autoscaler. */
  reconcileInterval: duration,
  /** Worker image for the Docker runtime (the built-in reference image when empty). */
  image: z.string(),
  /** Largest accepted task payload. */
  maxPayload: size,
  /** Most tasks waiting (scheduled + queued); submits above it get 429. */
  maxQueue: count(1, 100_000_000),
  /** Bearer token of the local API (generated and kept in the data directory when empty). */
  apiToken: z.string(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  /** `fsync`: a submit is acknowledged once on disk. `relaxed`: written, not synced. */
  durability: z.enum(['fsync', 'relaxed']),
  /** Default attempts per task. */
  maxAttempts: count(1, 100),
  /** Default deadline of one attempt. Tasks may run for minutes. */
  taskTimeout: duration,
  /** Retry backoff: base and cap (exponential with full jitter). */
  retryBase: duration,
  retryMax: duration,
  /** Worker selection of the dispatcher. */
  selection: z.enum(['least-connections', 'round-robin', 'p2c']),
  /** A worker not healthy this long after start is failed and replaced. */
  startTimeout: duration,
  /** Longest wait for in-flight tasks when draining a worker before it is stopped. */
  drainTimeout: duration,
  /** Grace between SIGTERM and kill when stopping a worker. */
  stopGrace: duration,
  /** Simulated work (ms) of the reference worker when a payload names none. */
  workerWorkMs: count(0, 86_400_000),
  /**
   * Program and arguments of a local worker process for the `process` runtime, e.g.
   * `["python3", "worker.py"]`; it must serve the worker protocol on `$PORT`. Empty runs the
   * reference worker.
   */
  workerCommand: z.array(z.string()),
};

export const DockerSettingsSchema = z.object(dockerFields);
export const SettingsSchema = z.object({ ...fields, docker: DockerSettingsSchema });

export type Settings = z.output<typeof SettingsSchema>;
export type DockerSettings = z.output<typeof DockerSettingsSchema>;

/** A partial update; nested `docker` keys merge. No defaults are filled in. */
export const SettingsPatchSchema = z
  .object({ ...fields, docker: DockerSettingsSchema.partial() })
  .partial()
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

export const SETTINGS_DEFAULTS: Settings = {
  port: 7070,
  data: './gantry-data',
  runtime: 'auto',
  minWorkers: 1,
  maxWorkers: 10,
  workerConcurrency: 4,
  policy: DEFAULT_POLICY,
  policyParams: {},
  cooldown: 30_000,
  reconcileInterval: 1000,
  image: '',
  maxPayload: 1024 ** 2,
  maxQueue: 100_000,
  apiToken: '',
  logLevel: 'info',
  durability: 'fsync',
  maxAttempts: 5,
  taskTimeout: 600_000,
  retryBase: 1000,
  retryMax: 60_000,
  selection: 'least-connections',
  startTimeout: 30_000,
  drainTimeout: 60_000,
  stopGrace: 5000,
  workerWorkMs: 2000,
  workerCommand: [],
  docker: {
    env: {},
    command: [],
    cpus: 1,
    memory: 512 * 1024 ** 2,
    pidsLimit: 256,
    network: '',
    labels: {},
    readOnlyRootfs: true,
    dropAllCapabilities: true,
    noNewPrivileges: true,
    user: '65534:65534',
    allowProcessFallback: true,
  },
};

/**
 * Keys read once at start: the HTTP port, the data directory, the runtime (and what it was
 * built with), the journal's durability and the API token the server checks.
 */
export const RESTART_KEYS: readonly (keyof Settings)[] = [
  'port',
  'data',
  'runtime',
  'durability',
  'apiToken',
  'image',
  'docker',
  'workerCommand',
];

/** Applies a validated patch on top of settings; checks cross-field rules. */
export function applySettingsPatch(base: Settings, patch: z.output<typeof SettingsPatchSchema>): Settings {
  const next: Settings = { ...base, ...patch, docker: { ...base.docker, ...patch.docker } } as Settings;
  if (next.minWorkers > next.maxWorkers) {
    throw new SettingsError('minWorkers', `minWorkers (${next.minWorkers}) is above maxWorkers (${next.maxWorkers})`);
  }
  if (next.retryBase > next.retryMax) {
    throw new SettingsError('retryBase', 'retryBase is above retryMax');
  }
  return next;
}

/** A setting that is readable but not acceptable; `field` names it. */
export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function defaultSettings(): Settings {
  return structuredClone(SETTINGS_DEFAULTS);
}
