/**
 * The clairvoyant reference pool every policy is compared with.
 *
 * Definition: the oracle knows every arrival and run time in advance. It starts each task
 * the moment it arrives (zero wait), packs running tasks perfectly onto workers, so it
 * needs w(t) = max(minWorkers, ceil(N(t) / slots)) workers where N(t) is the number of
 * tasks running at t in that zero-wait schedule. Worker k (the k-th level of w) is needed
 * over a set of intervals. Like a real worker it pays from its start request: it is
 * started exactly one start latency ahead of each need (paying that latency), and across
 * a gap between two needs it either stays up (paying the gap) or stops and restarts
 * (paying one start latency), whichever is cheaper. Workers up to minWorkers run from 0 to
 * the end. Its cost is the least any autoscaler can pay while never making a task wait;
 * the pool bounds' maxWorkers is ignored (the oracle never queues).
 *
 * It is a reference, not a floor: a policy that lets tasks wait (within the objective or
 * not) can smooth the load and pay less. The hard floor is the work bound, total run time
 * / slots, reported beside it.
 */
export interface Oracle {
  workerSeconds: number;
  /** w(t) at each of the given ascending times (ms). */
  countsAt(times: readonly number[]): number[];
}

export function computeOracle(
  arrivals: Float64Array,
  durations: Float64Array,
  slots: number,
  minWorkers: number,
  startLatencyMs: number,
  endMs: number,
): Oracle {
  const n = arrivals.length;
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) ends[i] = (arrivals[i] as number) + (durations[i] as number);
  ends.sort();

  // Sweep starts and ends in time order; an end at the same instant frees its slot first.
  const changes: number[] = [];
  const levels: number[] = [];
  const since: number[] = [];
  const lastEnd: number[] = [];
  let costMs = minWorkers * endMs;
  let running = 0;
  let workers = minWorkers;
  let i = 0;
  let j = 0;
  const setWorkers = (at: number, next: number) => {
    for (let k = workers; k < next; k++) {
      // Level k (0-based) comes up: pay the lead time, or the gap if staying up was cheaper.
      const previous = lastEnd[k];
      costMs += previous === undefined ? startLatencyMs : Math.min(at - previous, startLatencyMs);
      since[k] = at;
    }
    for (let k = next; k < workers; k++) {
      costMs += at - (since[k] as number);
      lastEnd[k] = at;
    }
    if (next !== workers) {
      changes.push(at);
      levels.push(next);
    }
    workers = next;
  };
  while (i < n || j < n) {
    const nextStart = i < n ? (arrivals[i] as number) : Infinity;
    const nextEnd = j < n ? (ends[j] as number) : Infinity;
    let at: number;
    if (nextEnd <= nextStart) {
      at = nextEnd;
      running--;
      j++;
    } else {
      at = nextStart;
      running++;
      i++;
    }
    setWorkers(at, Math.max(minWorkers, Math.ceil(running / slots)));
  }
  setWorkers(Math.max(endMs, ends[n - 1] ?? 0), minWorkers);

  return {
    workerSeconds: costMs / 1000,
    countsAt(times) {
      const out: number[] = [];
      let c = 0;
      for (const t of times) {
        while (c < changes.length && (changes[c] as number) <= t) c++;
        out.push(c === 0 ? minWorkers : (levels[c - 1] as number));
      }
      return out;
    },
  };
}
