/**
 * The seam between the engine (or the simulator) and a scaling policy.
 *
 * A policy is a pure function: (observation, remembered state) → (decision, new state).
 * It never reads a clock, never does I/O and never holds hidden state, so the engine and
 * the simulator call the very same code and a test can replay any sequence of
 * observations with injected time.
 */

export type PolicyName = 'threshold' | 'target' | 'window' | 'predictive';

export const POLICY_NAMES: readonly PolicyName[] = ['threshold', 'target', 'window', 'predictive'];

/** What the autoscaler sees at one reconcile tick. Rates are per second. */
export interface Observation {
  /** Epoch ms of this observation (injected: engine clock or simulated time). */
  now: number;
  /** Tasks ready to run and waiting for a slot. */
  queued: number;
  /** Tasks accepted but not due yet (`runAt` in the future). */
  scheduled: number;
  /** Tasks running on workers now. */
  inflight: number;
  /** Tasks that arrived since the previous observation. */
  arrivals: number;
  /** Tasks that finished (any outcome) since the previous observation. */
  completions: number;
  /** Ms since the previous observation (0 on the first). */
  intervalMs: number;
  /** Age in ms of the oldest queued task (0 when none is queued). */
  oldestWaitMs: number;
  /** Workers by state. `current` for the policies is starting + ready. */
  workers: { starting: number; ready: number; draining: number };
  /** Task slots per worker (worker concurrency). */
  slotsPerWorker: number;
  /** Measured mean run time of recent tasks, when known. */
  meanServiceMs?: number;
  /** Measured worker start latency (start requested → healthy), when known. */
  startLatencyMs?: number;
}

/** Pool bounds the decision must respect. */
export interface Limits {
  minWorkers: number;
  maxWorkers: number;
}

/** One bound or rule that changed the policy's raw recommendation. */
export interface Clamp {
  /** e.g. `max`, `min`, `cooldown`, `stabilization`, `rate-up`, `rate-down`, `panic`, `grace`. */
  name: string;
  before: number;
  after: number;
  detail: string;
}

/** A scaling decision with everything needed to explain it. */
export interface Decision {
  at: number;
  policy: PolicyName;
  /** starting + ready workers when deciding. */
  current: number;
  /** The policy's own recommendation before any clamp. */
  raw: number;
  /** The count the pool should have after this decision. */
  desired: number;
  clamps: Clamp[];
  /** `up`, `down` or `none` (desired === current). */
  action: 'up' | 'down' | 'none';
  /** One readable sentence: why this count. */
  reason: string;
  /** The numbers the policy used (backlog, rates, window averages, forecast...). */
  inputs: Record<string, number>;
}

/** A policy's knobs: a flat record, validated by the policy itself. */
export type PolicyParams = Record<string, number | boolean>;

export interface PolicyConfig {
  name: PolicyName;
  params: PolicyParams;
}

/**
 * A scaling policy. `State` must be plain JSON (the engine persists it across restarts,
 * which is how `predictive` keeps what it learned).
 */
export interface Policy<State = unknown> {
  readonly name: PolicyName;
  /** The effective parameters (defaults filled in). */
  readonly params: PolicyParams;
  initialState(): State;
  decide(obs: Observation, limits: Limits, state: State): { decision: Decision; state: State };
}
