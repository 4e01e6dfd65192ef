/**
 * Online arrival-rate forecasting for `predictive`: a level-and-trend (Holt) smoother of the
 * arrival rate, plus the step of a per-time-of-season profile once its buckets are seen,
 * and a rolling measure of its own error. Everything is plain JSON and bounded by the
 * number of season buckets.
 *
 * TODO: the season length is configured, not detected; periods other than the configured
 * one (a 30 s on/off cycle under the default day) are only followed by the level.
 */

/** What the forecaster remembers. */
export interface ForecastState {
  /** Smoothed arrival rate (tasks/s) and its trend (tasks/s per s). */
  level: number;
  trend: number;
  /** Mean rate per season bucket (-1 = never observed). */
  profile: number[];
  /** Bucket being accumulated, its arrivals and observed time. */
  bucket: number;
  bucketArrivals: number;
  bucketMs: number;
  /** Forecasts waiting for their target time: [targetAt, rate] pairs. */
  pending: [number, number][];
  /** The current error window: forecasts that fell due in it and the arrivals seen. */
  windowStart: number | null;
  windowForecastSum: number;
  windowForecastCount: number;
  windowArrivals: number;
  /** Smoothed symmetric absolute percentage error (0..2); -1 until measured. */
  error: number;
  /** Error windows measured so far (capped). */
  windows: number;
}

export interface ForecastConfig {
  seasonMs: number;
  seasonBuckets: number;
  levelTauMs: number;
  trendTauMs: number;
  errorWindowMs: number;
}

export function initialForecast(cfg: ForecastConfig): ForecastState {
  return {
    level: 0,
    trend: 0,
    profile: Array.from({ length: cfg.seasonBuckets }, () => -1),
    bucket: -1,
    bucketArrivals: 0,
    bucketMs: 0,
    pending: [],
    windowStart: null,
    windowForecastSum: 0,
    windowForecastCount: 0,
    windowArrivals: 0,
    error: -1,
    windows: 0,
  };
}

/** The season bucket of an instant. */
export function bucketOf(cfg: ForecastConfig, at: number): number {
  const phase = ((at % cfg.seasonMs) + cfg.seasonMs) % cfg.seasonMs;
  return Math.min(cfg.seasonBuckets - 1, Math.floor((phase / cfg.seasonMs) * cfg.seasonBuckets));
}

/**
 * Folds one observation (arrivals over `intervalMs` ending at `now`) into the state, with the
 * level smoothed over `levelTauMs` (the configured one unless the caller needs longer). The
 * profile cell of a bucket is an even blend of its previous value and the newest season, so
 * a changed daily pattern is learned within a few seasons.
 */
export function observe(
  cfg: ForecastConfig,
  s: ForecastState,
  now: number,
  arrivals: number,
  intervalMs: number,
  levelTauMs = cfg.levelTauMs,
): ForecastState {
  const next: ForecastState = { ...s, profile: s.profile, pending: s.pending };
  if (intervalMs > 0) {
    const rate = (arrivals / intervalMs) * 1000;
    const a = 1 - Math.exp(-intervalMs / levelTauMs);
    const b = 1 - Math.exp(-intervalMs / cfg.trendTauMs);
    const level = a * rate + (1 - a) * (s.level + s.trend * (intervalMs / 1000));
    next.trend = (b * (level - s.level)) / (intervalMs / 1000) + (1 - b) * s.trend;
    next.level = Math.max(0, level);
  }

  const bucket = bucketOf(cfg, now);
  if (bucket !== s.bucket && s.bucket >= 0 && s.bucketMs > 0) {
    // A bucket observed only in part (start of the run) still counts: its mean is honest.
    const rate = (s.bucketArrivals / s.bucketMs) * 1000;
    const old = s.profile[s.bucket] ?? -1;
    next.profile = s.profile.slice();
    next.profile[s.bucket] = old < 0 ? rate : 0.5 * old + 0.5 * rate;
    next.bucketArrivals = 0;
    next.bucketMs = 0;
  }
  next.bucket = bucket;
  next.bucketArrivals = (bucket === s.bucket ? s.bucketArrivals : 0) + arrivals;
  next.bucketMs = (bucket === s.bucket ? s.bucketMs : 0) + intervalMs;
  return measure(cfg, next, now, arrivals);
}

/**
 * Forecast arrival rate (tasks/s) at `now + horizonMs`. When the profile knows both the
 * current bucket and the target one, the season's step between them is added to the level
 * (additive, so a quiet bucket before a busy one still predicts the rise); otherwise the
 * level is extrapolated along its trend.
 */
export function forecastRate(
  cfg: ForecastConfig,
  s: ForecastState,
  now: number,
  horizonMs: number,
): number {
  const here = s.profile[bucketOf(cfg, now)] ?? -1;
  const there = s.profile[bucketOf(cfg, now + horizonMs)] ?? -1;
  if (here >= 0 && there >= 0) return Math.max(0, s.level + (there - here));
  return Math.max(0, s.level + s.trend * (horizonMs / 1000));
}

/** Records a forecast made now for `targetAt`, to be scored when that time comes. */
export function remember(s: ForecastState, targetAt: number, rate: number): ForecastState {
  const pending = s.pending.length >= 64 ? s.pending.slice(1) : s.pending.slice();
  pending.push([targetAt, rate]);
  return { ...s, pending };
}

/**
 * Scores forecasts that fell due against the arrivals of fixed error windows:
 * sMAPE = |F − A| / ((F + A) / 2) with F the mean forecast rate and A the actual rate of
 * the window, smoothed over about five windows.
 */
function measure(
  cfg: ForecastConfig,
  s: ForecastState,
  now: number,
  arrivals: number,
): ForecastState {
  const next = { ...s };
  let i = 0;
  while (i < s.pending.length && (s.pending[i] as [number, number])[0] <= now) {
    next.windowForecastSum += (s.pending[i] as [number, number])[1];
    next.windowForecastCount++;
    i++;
  }
  if (i > 0) next.pending = s.pending.slice(i);
  if (next.windowStart === null) {
    next.windowStart = now;
    return next;
  }
  next.windowArrivals += arrivals;
  const elapsed = now - next.windowStart;
  if (elapsed < cfg.errorWindowMs) return next;

  if (next.windowForecastCount > 0) {
    const f = next.windowForecastSum / next.windowForecastCount;
    const a = (next.windowArrivals / elapsed) * 1000;
    const e = f + a === 0 ? 0 : Math.abs(f - a) / ((f + a) / 2);
    next.error = next.error < 0 ? e : 0.8 * next.error + 0.2 * e;
    next.windows = Math.min(1_000_000, next.windows + 1);
  }
  next.windowStart = now;
  next.windowForecastSum = 0;
  next.windowForecastCount = 0;
  next.windowArrivals = 0;
  return next;
}
