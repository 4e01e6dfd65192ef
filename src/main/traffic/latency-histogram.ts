/**
 * Percentiles of latencies over a whole run in constant memory: log-spaced buckets, each
 * 2% wider than the last, from 1 ms to about 12 days (1.02^1000 ms ≈ 4e8 ms). A percentile
 * is answered with its bucket's geometric middle, so it is within 1% of the true value.
 */
export class LatencyHistogram {
  private static readonly GROWTH = 1.02;
  private static readonly LOG_GROWTH = Math.log(LatencyHistogram.GROWTH);
  private readonly buckets = new Float64Array(1002);
  private total = 0;

  /** Records one latency in ms (negative values count as 0). */
  add(ms: number): void {
    const i = this.index(ms);
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** The value below which a share `p` (0..1) of the samples fall; 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(p * this.total));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= rank) return this.middle(i);
    }
    return this.middle(this.buckets.length - 1);
  }

  /** Bucket 0 holds [0, 1) ms; bucket i >= 1 holds [1.02^(i-1), 1.02^i) ms. */
  private index(ms: number): number {
    if (!(ms >= 1)) return 0;
    const i = 1 + Math.floor(Math.log(ms) / LatencyHistogram.LOG_GROWTH);
    return Math.min(i, this.buckets.length - 1);
  }

  private middle(i: number): number {
    if (i === 0) return 0.5;
    return LatencyHistogram.GROWTH ** (i - 0.5);
  }
}
