/**
 * A binary min-heap of (time, payload) pairs on parallel arrays: the simulator's event
 * queue. Ties leave in no particular order; callers that care encode priority in `time`.
 */
export class EventHeap {
  private times: number[] = [];
  private payloads: number[] = [];

  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.times.length === 0 ? Infinity : (this.times[0] as number);
  }

  push(time: number, payload: number): void {
    const t = this.times;
    const p = this.payloads;
    let k = t.length;
    t.push(time);
    p.push(payload);
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if ((t[parent] as number) <= time) break;
      t[k] = t[parent] as number;
      p[k] = p[parent] as number;
      k = parent;
    }
    t[k] = time;
    p[k] = payload;
  }

  /** Removes the earliest event and returns its payload. */
  pop(): number {
    const t = this.times;
    const p = this.payloads;
    const top = p[0] as number;
    const lastT = t.pop() as number;
    const lastP = p.pop() as number;
    const n = t.length;
    if (n > 0) {
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && (t[right] as number) < (t[left] as number) ? right : left;
        if ((t[child] as number) >= lastT) break;
        t[k] = t[child] as number;
        p[k] = p[child] as number;
        k = child;
      }
      t[k] = lastT;
      p[k] = lastP;
    }
    return top;
  }
}
