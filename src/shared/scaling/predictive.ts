import { ClampChain, applyBounds, currentWorkers, finishDecision, fmt } from './decision';
import { forecastRate, initialForecast, observe, remember } from './forecast';
import type { ForecastConfig, ForecastState } from './forecast';
import { num, registerSpecs, resolveParams } from './params';
import type { ParamSpec } from './params';
import type { Policy, PolicyParams } from './types';
import { initialTargetState, nextTargetState, recommendTarget } from './target';
import type { TargetKnobs, TargetState } from './target';

const OWN_SPECS: readonly ParamSpec[] = [
  {
    name: 'seasonMs',
    type: 'number',
    default: 86_400_000,
    min: 10_000,
    max: 604_800_000,
    unit: 'ms',
    doc: 'Length of the repeating pattern learned (a day by default; a week at most).',
  },
  {
    name: 'seasonBuckets',
    type: 'integer',
    default: 288,
    min: 1,
    max: 1440,
    unit: 'buckets',
    doc: 'Resolution of the learned profile: 288 buckets of a day are 5 minutes each.',
  },
  {
    name: 'levelTauMs',
    type: 'number',
    default: 10_000,
    min: 1000,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Time constant of the smoothed arrival rate: shorter follows bursts, longer is calmer.',
  },
  {
    name: 'trendTauMs',
    type: 'number',
    default: 60_000,
    min: 1000,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Time constant of the smoothed trend of the arrival rate.',
  },
  {
    name: 'horizonMs',
    type: 'number',
    default: 0,
    min: 0,
    max: 3_600_000,
    unit: 'ms',
    doc: 'How far ahead to provision; 0 = the measured worker start latency (5 s if unknown).',
  },
  {
    name: 'headroom',
    type: 'number',
    default: 0.1,
    min: 0,
    max: 10,
    unit: 'ratio',
    doc: 'Extra share of slots above the forecast concurrency.',
  },
  {
    name: 'staffingBeta',
    type: 'number',
    default: 1,
    min: 0,
    max: 10,
    unit: 'σ',
    doc: 'Square-root staffing: slots = R + β√R for a forecast concurrency R (Poisson spread).',
  },
  {
    name: 'maxError',
    type: 'number',
    default: 0.5,
    min: 0,
    max: 2,
    unit: 'sMAPE',
    doc: 'Fall back to the reactive base while the measured forecast error is above this.',
  },
  {
    name: 'holdMs',
    type: 'number',
    default: 0,
    min: 0,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Surplus workers are kept this long before stopping; 0 = the measured start latency.',
  },
  {
    name: 'waitObjectiveMs',
    type: 'number',
    default: 10_000,
    min: 0,
    max: 3_600_000,
    unit: 'ms',
    doc: 'The wait objective: the backlog gets the slots to start within it (0 = a slot per queued task).',
  },
  {
    name: 'errorWindowMs',
    type: 'number',
    default: 60_000,
    min: 1000,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Forecasts are scored against the actual arrival rate of windows this long.',
  },
];

/** Knobs of `predictive`. */
export const PREDICTIVE_SPECS: readonly ParamSpec[] = registerSpecs(OWN_SPECS);

/** The reactive base's state and what the forecaster learned. */
export interface PredictiveState {
  base: TargetState;
  forecast: ForecastState;
  /** Smoothed mean run time (ms), -1 until measured. */
  serviceMs: number;
}

/** Time constant of the smoothed mean run time. */
const SERVICE_TAU_MS = 300_000;

/** Start latency assumed until the engine has measured one. */
const DEFAULT_LATENCY_MS = 5000;

/**
 * Provisions for the arrival rate forecast one start latency ahead, by Little's law:
 * concurrency R = rate × mean run time, slots = (R + β√R) × (1 + headroom). Worked example:
 * 12 tasks/s forecast, 2 s tasks, 4 slots, β = 1, headroom 0.1: R = 24,
 * slots = (24 + 4.9) × 1.1 = 31.8, so 8 workers.
 *
 * Never below its reactive base, `target` run responsively: one task per slot, no
 * tolerance, no rate limit, and a scale-down hold of one start latency (keeping an idle
 * worker as long as a restart would cost, then stopping it: the break-even rule that is
 * never more than twice the clairvoyant cost of an idle gap). While the measured forecast
 * error (sMAPE) is above `maxError`, it is the base alone.
 */
export function createPredictive(given: PolicyParams): Policy<PredictiveState> {
  const params = resolveParams('predictive', PREDICTIVE_SPECS, given);
  const p = (name: string) => num(params, name);
  const cfg: ForecastConfig = {
    seasonMs: p('seasonMs'),
    seasonBuckets: p('seasonBuckets'),
    levelTauMs: p('levelTauMs'),
    trendTauMs: p('trendTauMs'),
    errorWindowMs: p('errorWindowMs'),
  };
  const horizonKnob = p('horizonMs');
  const holdKnob = p('holdMs');
  const drainKnob = p('waitObjectiveMs');
  const headroom = p('headroom');
  const beta = p('staffingBeta');
  const maxError = p('maxError');
  const baseKnobs: TargetKnobs = {
    targetPerWorker: 0,
    tolerance: 0,
    upStabilizationMs: 0,
    downStabilizationMs: holdKnob,
    upPercent: 0,
    upWorkers: 1_000_000,
    upPeriodMs: 1000,
    downPercent: 100,
    downWorkers: 0,
    downPeriodMs: 1000,
  };

  return {
    name: 'predictive',
    params,
    initialState: () => ({
      base: initialTargetState(),
      forecast: initialForecast(cfg),
      serviceMs: -1,
    }),
    decide(obs, limits, state) {
      const latency = obs.startLatencyMs ?? DEFAULT_LATENCY_MS;
      const hold = holdKnob > 0 ? holdKnob : latency;
      const knobs =
        hold === baseKnobs.downStabilizationMs
          ? baseKnobs
          : { ...baseKnobs, downStabilizationMs: hold };
      // A queued task needs a slot only for its run time out of the time left before it
      // misses the wait objective: 2 s tasks with 5 s to spare share a slot by 2.5.
      const runMs = obs.meanServiceMs ?? 0;
      const budget = Math.max(obs.intervalMs, drainKnob - latency);
      const share = drainKnob > 0 && runMs > 0 ? Math.min(1, runMs / budget) : 1;
      const seen = share === 1 ? obs : { ...obs, queued: Math.ceil(obs.queued * share) };
      const base = recommendTarget(knobs, seen, limits, state.base);

      const horizon = horizonKnob > 0 ? horizonKnob : latency + obs.intervalMs;
      // Little's law needs the rate averaged over at least one run time: a single arrival
      // in a second is not a rate of 1/s when tasks run for minutes.
      const tau = Math.max(cfg.levelTauMs, obs.meanServiceMs ?? 0);
      let forecast = observe(cfg, state.forecast, obs.now, obs.arrivals, obs.intervalMs, tau);
      const rate = forecastRate(cfg, forecast, obs.now, horizon);
      forecast = remember(forecast, obs.now + horizon, rate);

      // The run-time mean of recent tasks swings with heavy tails; smooth it over minutes.
      let serviceMs = state.serviceMs;
      if (obs.meanServiceMs !== undefined) {
        const a = serviceMs < 0 ? 1 : 1 - Math.exp(-obs.intervalMs / SERVICE_TAU_MS);
        serviceMs =
          serviceMs < 0 ? obs.meanServiceMs : serviceMs + a * (obs.meanServiceMs - serviceMs);
      }
      const slots = Math.max(1, obs.slotsPerWorker);
      const serviceS = Math.max(0, serviceMs) / 1000;
      const concurrency = rate * serviceS;
      const neededSlots = (concurrency + beta * Math.sqrt(concurrency)) * (1 + headroom);
      const need = Math.max(0, Math.ceil(neededSlots / slots - 1e-9));
      const trusted = forecast.error <= maxError;
      const why =
        serviceMs < 0
          ? `forecast ${fmt(rate)}/s; no run time measured yet, so no busy slots foreseen`
          : `forecast ${fmt(rate)}/s in ${fmt(horizon / 1000)} s × ${fmt(serviceS)} s run = ${fmt(concurrency)} busy slots`;

      const chain = new ClampChain(need);
      if (!trusted) {
        chain.apply(
          'fallback',
          base.chain.value,
          `forecast error ${fmt(forecast.error)} > ${fmt(maxError)}: reactive only`,
        );
      } else if (base.chain.value > need) {
        chain.apply(
          'reactive',
          base.chain.value,
          `reactive base asks ${base.chain.value}: ${base.why}`,
        );
      }
      for (const c of base.chain.clamps) {
        if (c.after === chain.value && c.name !== 'min' && c.name !== 'max') chain.clamps.push(c);
      }
      // Forecast noise must not flap the pool by one: the forecast releases a worker only
      // once it needs clearly fewer (a deadband of 10% of the rest of the pool, at most half
      // a worker), not at the first dip. With no demand at all nothing is held.
      const current = currentWorkers(obs);
      const exact = neededSlots / slots;
      const band = Math.min(0.5, 0.1 * (current - 1));
      if (trusted && chain.value < current && chain.value === need && exact > current - 1 - band) {
        chain.apply(
          'deadband',
          Math.min(current, need + 1),
          `forecast needs ${fmt(exact)} workers: within ${fmt(band)} of ${current - 1}`,
        );
      }
      applyBounds(chain, obs, limits);

      const decision = finishDecision('predictive', obs, need, chain, why, {
        queued: obs.queued,
        inflight: obs.inflight,
        forecastRate: rate,
        horizonMs: horizon,
        forecastConcurrency: concurrency,
        forecastError: forecast.error,
        reactiveDesired: base.chain.value,
      });
      const change = decision.desired - decision.current;
      const baseState = nextTargetState(knobs, base.state, obs.now, change);
      return { decision, state: { base: baseState, forecast, serviceMs } };
    },
  };
}
