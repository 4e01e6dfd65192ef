import { mulberry32 } from '../../shared/random';
import { createPolicy } from '../../shared/scaling';
import type { Decision, Observation } from '../../shared/scaling';
import { EventHeap } from './heap';
import { computeOracle } from './oracle';
import { SimPool } from './pool';
import type { SimWorker } from './pool';
import type {
  ScaleMark,
  SeriesPoint,
  SimConfig,
  SimResult,
  TimedSamples,
  Workload,
} from './types';

/** Completions kept for the measured mean run time, like the engine's recent window. */
const SERVICE_WINDOW = 100;
/** Start latencies kept for the measured mean. */
const LATENCY_WINDOW = 20;
/** Decisions kept in the result for explanation. */
const KEEP_DECISIONS = 20;
/** Scale marks kept for the chart (the count in the figures is exact). */
const KEEP_MARKS = 2000;

/**
 * Replays a workload through a FIFO queue, a pool of workers with task slots, and the
 * autoscaler calling the same `createPolicy(...).decide` as the engine every reconcile
 * interval with the same observation fields. Discrete events: arrivals, completions,
 * workers becoming ready, reconcile ticks. Deterministic for a given config and workload.
 *
 * TODO: tasks always succeed and workers always start; retries, failed starts and lease
 * expiry are not modelled, so costs are those of a healthy pool.
 */
export function simulate(workload: Workload, config: SimConfig): SimResult {
  const run = simulation(workload, config);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/**
 * `simulate`, giving the event loop a turn every few tens of thousands of events, so a
 * long trace run inside the app does not stall the engine's own timers for seconds.
 */
export async function simulateAsync(workload: Workload, config: SimConfig): Promise<SimResult> {
  const run = simulation(workload, config);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Events processed between two turns given back to the event loop. */
const EVENTS_PER_TURN = 50_000;

function* simulation(workload: Workload, config: SimConfig): Generator<void, SimResult> {
  const { arrivals, durations } = workload;
  const n = arrivals.length;
  const slots = config.slotsPerWorker;
  const policy = createPolicy({ name: config.policy, params: config.params });
  let policyState = policy.initialState();
  const limits = { minWorkers: config.minWorkers, maxWorkers: config.maxWorkers };
  const pool = new SimPool(mulberry32(config.seed ^ 0x5bd1e995), config.startLatency);
  // Payload >= 0: that task finished; < 0: worker -(p + 1) is ready.
  const events = new EventHeap();
  const waits = new Float64Array(n);
  const workerOf = new Int32Array(n);

  let now = 0;
  let arrived = 0;
  let head = 0; // queued tasks are exactly [head, arrived): FIFO in arrival order
  let completed = 0;
  let arrivalsSinceTick = 0;
  let completionsSinceTick = 0;
  const serviceRing: number[] = [];
  const latencyRing: number[] = [];
  const overhead = replay(config.dispatchOverhead);
  const delay = replay(config.dispatchDelay);
  // When each arrived task may be dispatched; the head's, while it is still ahead (FIFO).
  const dueOf = new Float64Array(n);
  let dueAt = Infinity;

  const dispatch = () => {
    dueAt = Infinity;
    while (head < arrived) {
      if ((dueOf[head] as number) > now) {
        dueAt = dueOf[head] as number;
        return;
      }
      const w = pool.pick(slots);
      if (w === undefined) return;
      pool.assign(w, now);
      waits[head] = now - (arrivals[head] as number);
      workerOf[head] = w.id;
      events.push(now + (durations[head] as number) + overhead(now), head);
      head++;
    }
  };

  for (let k = 0; k < config.minWorkers; k++) pool.warm(0);

  // Downsampled series and marks for the chart.
  const spanMs = Math.max(
    config.reconcileMs,
    Math.ceil(workload.periodMs / config.seriesPoints / 1000) * 1000,
  );
  const series: SeriesPoint[] = [];
  let span: SeriesPoint = { t: 0, arrivals: 0, backlog: 0, workers: 0, oracle: 0 };
  const marks: ScaleMark[] = [];
  const lastDecisions: Decision[] = [];
  let scaleActions = 0;
  let peakWorkers = config.minWorkers;

  let nextTick = config.firstTickMs ?? 0;
  let lastTick = -1;
  let sinceTurn = 0;
  for (;;) {
    if (++sinceTurn === EVENTS_PER_TURN) {
      sinceTurn = 0;
      yield;
    }
    const tEvent = events.peekTime();
    const tArrival = arrived < n ? (arrivals[arrived] as number) : Infinity;
    if (dueAt <= tEvent && dueAt <= tArrival && dueAt <= nextTick) {
      now = dueAt;
      dispatch();
      continue;
    }
    if (tEvent <= tArrival && tEvent <= nextTick) {
      now = tEvent;
      const payload = events.pop();
      if (payload >= 0) {
        pool.finish(pool.workers[workerOf[payload] as number] as SimWorker, now);
        completed++;
        completionsSinceTick++;
        // Held from dispatch to completion, as the engine times a run (overhead included).
        const heldMs = now - (arrivals[payload] as number) - (waits[payload] as number);
        pushRing(serviceRing, heldMs, SERVICE_WINDOW);
      } else {
        const id = -(payload + 1);
        if (pool.ready(id)) {
          pushRing(latencyRing, now - (pool.workers[id] as SimWorker).startAt, LATENCY_WINDOW);
        }
      }
      dispatch();
      continue;
    }
    if (tArrival <= nextTick) {
      now = tArrival;
      dueOf[arrived] = tArrival + delay(now);
      arrived++;
      arrivalsSinceTick++;
      span.arrivals++;
      dispatch();
      continue;
    }

    // Reconcile tick.
    now = nextTick;
    if (completed === n && arrived === n && now >= workload.periodMs) break;
    const obs: Observation = {
      now,
      queued: arrived - head,
      scheduled: 0,
      inflight: pool.inflight,
      arrivals: arrivalsSinceTick,
      completions: completionsSinceTick,
      intervalMs: lastTick < 0 ? 0 : now - lastTick,
      oldestWaitMs: head < arrived ? now - (arrivals[head] as number) : 0,
      workers: { ...pool.counts },
      slotsPerWorker: slots,
      meanServiceMs: serviceRing.length > 0 ? average(serviceRing) : undefined,
      startLatencyMs: latencyRing.length > 0 ? average(latencyRing) : undefined,
    };
    const { decision, state } = policy.decide(obs, limits, policyState);
    policyState = state;
    if (decision.desired > decision.current) {
      for (let k = decision.current; k < decision.desired; k++) {
        const { worker, readyAt } = pool.start(now);
        events.push(readyAt, -(worker.id + 1));
      }
    } else if (decision.desired < decision.current) {
      pool.remove(decision.current - decision.desired, now);
    }
    if (decision.action !== 'none') {
      scaleActions++;
      if (marks.length < KEEP_MARKS)
        marks.push({ t: now / 1000, from: decision.current, to: decision.desired });
      lastDecisions.push(decision);
      if (lastDecisions.length > KEEP_DECISIONS) lastDecisions.shift();
    }
    dispatch();

    const up = pool.active.length;
    peakWorkers = Math.max(peakWorkers, up);
    span.backlog = Math.max(span.backlog, arrived - head);
    if (now + config.reconcileMs >= span.t * 1000 + spanMs) {
      span.workers = up;
      series.push(span);
      span = { t: (span.t * 1000 + spanMs) / 1000, arrivals: 0, backlog: 0, workers: 0, oracle: 0 };
    }
    arrivalsSinceTick = 0;
    completionsSinceTick = 0;
    lastTick = now;
    nextTick = now + config.reconcileMs;
  }
  pool.close(now);

  const minLatency = config.startLatency.minMs;
  const oracle = computeOracle(arrivals, durations, slots, config.minWorkers, minLatency, now);
  const oracleCounts = oracle.countsAt(series.map((p) => p.t * 1000 + spanMs));
  series.forEach((p, k) => {
    p.oracle = oracleCounts[k] ?? 0;
  });

  let work = 0;
  for (const d of durations) work += d;
  const sorted = waits.toSorted();
  let over = 0;
  for (const w of sorted) if (w > config.sloMs) over++;
  const workerSeconds = pool.costMs / 1000;
  return {
    workload: {
      name: workload.name,
      about: workload.about,
      tasks: n,
      periodS: workload.periodMs / 1000,
    },
    policy: config.policy,
    params: policy.params,
    config: {
      seed: config.seed,
      sloMs: config.sloMs,
      startLatency: config.startLatency,
      slotsPerWorker: slots,
      minWorkers: config.minWorkers,
      maxWorkers: config.maxWorkers,
      reconcileMs: config.reconcileMs,
      seriesPoints: config.seriesPoints,
    },
    figures: {
      tasks: n,
      completed,
      workerSeconds,
      idleWorkerSeconds: pool.idleMs / 1000,
      oracleWorkerSeconds: oracle.workerSeconds,
      costRatio: oracle.workerSeconds > 0 ? workerSeconds / oracle.workerSeconds : 1,
      workBoundWorkerSeconds: work / slots / 1000,
      waitP50Ms: quantile(sorted, 0.5),
      waitP95Ms: quantile(sorted, 0.95),
      waitP99Ms: quantile(sorted, 0.99),
      waitMaxMs: sorted[n - 1] ?? 0,
      sloMs: config.sloMs,
      overSlo: n === 0 ? 0 : over / n,
      scaleActions,
      coldStarts: pool.starts,
      peakWorkers,
      durationS: now / 1000,
    },
    series,
    marks,
    lastDecisions,
  };
}

/**
 * The value of timed samples last observed at or before `t` (the first one before any; 0
 * when there are none). Simulated time only moves forward, so one cursor does.
 */
function replay(samples: TimedSamples | undefined): (t: number) => number {
  if (samples === undefined || samples.values.length === 0) return () => 0;
  const { atMs, values } = samples;
  let k = 0;
  return (t) => {
    while (k + 1 < atMs.length && (atMs[k + 1] as number) <= t) k++;
    return values[k] ?? 0;
  };
}

/** Appends to a ring of at most `cap` recent values. */
function pushRing(ring: number[], value: number, cap: number): void {
  ring.push(value);
  if (ring.length > cap) ring.shift();
}

function average(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Nearest-rank quantile of sorted values (0 for none). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
