/**
 * Small bounded statistics for the snapshot and the autoscaler: a per-second rate over a
 * sliding window, and percentiles over the latest samples. Both are O(1) to record.
 */

/** Events per second over the last `windowS` whole seconds plus the current one. */
export class RateMeter {
  private readonly buckets: Float64Array;
  private readonly stamps: Float64Array;

  constructor(private readonly windowS = 5) {
    this.buckets = new Float64Array(windowS + 1);
    this.stamps = new Float64Array(windowS + 1).fill(-1);
  }

  add(count: number, now: number): void {
    const second = Math.floor(now / 1000);
    const i = second % this.buckets.length;
    if (this.stamps[i] !== second) {
      this.stamps[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i] = (this.buckets[i] ?? 0) + count;
  }

  /**
   * Rate over the complete seconds of the window, plus the current partial second weighted
   * by its elapsed fraction, so a burst shows up within a second rather than after five.
   */
  rate(now: number): number {
    const second = Math.floor(now / 1000);
    const partial = (now % 1000) / 1000;
    let sum = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const stamp = this.stamps[i] ?? -1;
      if (stamp > second - this.buckets.length && stamp <= second) sum += this.buckets[i] ?? 0;
    }
    return sum / (this.windowS + partial);
  }
}

/** Keeps the latest `capacity` samples; answers percentiles and the mean over them. */
export class SampleWindow {
  private readonly values: Float64Array;
  private next = 0;
  private size = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(capacity);
  }

  add(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.values.length;
    if (this.size < this.values.length) this.size += 1;
  }

  get count(): number {
    return this.size;
  }

  mean(): number | undefined {
    if (this.size === 0) return undefined;
    let sum = 0;
    for (let i = 0; i < this.size; i++) sum += this.values[i] ?? 0;
    return sum / this.size;
  }

  /** Nearest-rank percentiles, e.g. `[0.5, 0.95]`; zeros when empty. */
  percentiles(ps: readonly number[]): number[] {
    if (this.size === 0) return ps.map(() => 0);
    const sorted = this.values.subarray(0, this.size).toSorted();
    const last = this.size - 1;
    return ps.map((p) => sorted[Math.max(0, Math.min(last, Math.ceil(p * this.size) - 1))] ?? 0);
  }
}
