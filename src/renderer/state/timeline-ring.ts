/** One sample of the pool for the scaling timeline. */
export interface TimelinePoint {
  ts: number;
  ready: number;
  starting: number;
  draining: number;
  desired: number;
  /** Tasks waiting (queued + scheduled); NaN when unknown (backfilled from events). */
  backlog: number;
}

/** The series of one chart window, each an `{x, y}` list ready for chart.js (parsing off). */
export interface TimelineSeries {
  ready: { x: number; y: number }[];
  starting: { x: number; y: number }[];
  draining: { x: number; y: number }[];
  desired: { x: number; y: number }[];
  backlog: { x: number; y: number }[];
}

const FIELDS = ['ready', 'starting', 'draining', 'desired', 'backlog'] as const;
type Field = (typeof FIELDS)[number];

/**
 * A fixed-size ring of timeline points in typed arrays: an hour of one-second samples is
 * 3,600 points × 6 numbers, no per-point objects to collect. Samples closer than
 * `minIntervalMs` to the newest one replace it, so the newest point stays live while the
 * history keeps one point per interval.
 */
export class TimelineRing {
  private readonly ts: Float64Array;
  private readonly values: Record<Field, Float32Array>;
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity = 4096,
    readonly minIntervalMs = 1000,
  ) {
    this.ts = new Float64Array(capacity);
    this.values = {
      ready: new Float32Array(capacity),
      starting: new Float32Array(capacity),
      draining: new Float32Array(capacity),
      desired: new Float32Array(capacity),
      backlog: new Float32Array(capacity),
    };
  }

  get size(): number {
    return this.count;
  }

  /** Appends a point; older than the newest is ignored (the ring stays sorted by time). */
  push(point: TimelinePoint): void {
    if (this.count > 0) {
      const lastTs = this.ts[this.slot(this.count - 1)] ?? 0;
      if (point.ts < lastTs) return;
      // Replace the newest unless it already closes an interval of its own.
      const beforeLast =
        this.count > 1 ? (this.ts[this.slot(this.count - 2)] ?? -Infinity) : -Infinity;
      if (point.ts - beforeLast < this.minIntervalMs && this.count > 1) {
        this.write(this.slot(this.count - 1), point);
        return;
      }
    }
    if (this.count < this.capacity) {
      this.write(this.slot(this.count), point);
      this.count++;
    } else {
      this.write(this.start, point);
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The i-th oldest point. */
  at(i: number): TimelinePoint {
    const s = this.slot(i);
    return {
      ts: this.ts[s] ?? 0,
      ready: this.values.ready[s] ?? 0,
      starting: this.values.starting[s] ?? 0,
      draining: this.values.draining[s] ?? 0,
      desired: this.values.desired[s] ?? 0,
      backlog: this.values.backlog[s] ?? Number.NaN,
    };
  }

  /** Every point, oldest first. */
  toArray(): TimelinePoint[] {
    const out: TimelinePoint[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  /** Empties the ring and refills it with `points` (sorted by time). */
  reset(points: readonly TimelinePoint[]): void {
    this.start = 0;
    this.count = 0;
    for (const point of points) this.push(point);
  }

  /** Index of the first point with `ts >= from` (binary search; the ring is sorted). */
  lowerBound(from: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ts[this.slot(mid)] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The points of `[now - windowMs, now]` as chart series, at most `maxPoints` per series.
   * Buckets keep every series on the same x values (stacked areas must line up): worker
   * counts and desired take the bucket's last sample, backlog its largest, so a short
   * spike in the backlog survives the thinning. The point just before the window is kept
   * so the lines enter from the left edge.
   */
  window(now: number, windowMs: number, maxPoints: number): TimelineSeries {
    const series: TimelineSeries = {
      ready: [],
      starting: [],
      draining: [],
      desired: [],
      backlog: [],
    };
    const first = Math.max(0, this.lowerBound(now - windowMs) - 1);
    const total = this.count - first;
    if (total <= 0) return series;
    const stride = Math.max(1, Math.ceil(total / Math.max(1, maxPoints)));

    for (let bucket = first; bucket < this.count; bucket += stride) {
      const end = Math.min(this.count, bucket + stride);
      const last = this.slot(end - 1);
      let backlog = Number.NaN;
      for (let i = bucket; i < end; i++) {
        const b = this.values.backlog[this.slot(i)] ?? Number.NaN;
        if (!Number.isNaN(b) && !(b <= backlog)) backlog = b;
      }
      const x = this.ts[last] ?? 0;
      series.ready.push({ x, y: this.values.ready[last] ?? 0 });
      series.starting.push({ x, y: this.values.starting[last] ?? 0 });
      series.draining.push({ x, y: this.values.draining[last] ?? 0 });
      series.desired.push({ x, y: this.values.desired[last] ?? 0 });
      if (!Number.isNaN(backlog)) series.backlog.push({ x, y: backlog });
    }
    return series;
  }

  private slot(i: number): number {
    return (this.start + i) % this.capacity;
  }

  private write(slot: number, point: TimelinePoint): void {
    this.ts[slot] = point.ts;
    for (const field of FIELDS) this.values[field][slot] = point[field];
  }
}
