/** Shapes of generated traffic. Rates are tasks per second. */
export type TrafficShape = 'constant' | 'step' | 'spike' | 'sine' | 'onoff' | 'trace';

/** A traffic generator run, as the `load` command and the traffic panel describe it. */
export interface TrafficProfile {
  shape: TrafficShape;
  /** Base rate, tasks/s. */
  rate: number;
  /** Run length in seconds (for `trace`, the replay's length after compression if shorter). */
  durationS: number;
  /** Simulated work per task in ms, sent as the payload's `workMs`. */
  workMs?: number;
  /** step: rate after the step; spike: peak rate; sine: amplitude; onoff: rate when on. */
  peakRate?: number;
  /** step: time of the step; spike: start; in seconds from the start. */
  atS?: number;
  /** spike: length; onoff: on length; sine: period. Seconds. */
  periodS?: number;
  /** onoff: off length in seconds. */
  offS?: number;
  /** trace: the CSV text (the app reads the chosen file in main) or a path (CLI). */
  traceCsv?: string;
  tracePath?: string;
  /** trace: time compression (a recorded second lasts 1/speed s). */
  speed?: number;
  /** trace: multiply arrival counts. */
  scale?: number;
}

/** Live progress of a traffic run. */
export interface TrafficProgress {
  running: boolean;
  profile: TrafficProfile;
  startedAt: number;
  elapsedS: number;
  durationS: number;
  submitted: number;
  succeeded: number;
  failed: number;
  rejected: number;
  /** Current target rate, tasks/s. */
  currentRate: number;
  /** Why the run ended early (e.g. the API refused the token), when it did. */
  error?: string;
}

/** End-of-run figures. Latencies in ms. */
export interface TrafficSummary extends TrafficProgress {
  finishedAt: number;
  wait: { p50: number; p95: number; p99: number };
  endToEnd: { p50: number; p95: number; p99: number };
}
