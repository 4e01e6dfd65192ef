import { GantryError } from '../api/errors';
import { ClampChain, applyBounds, finishDecision, fmt } from './decision';
import { forecastRate, initialForecast, observe, remember } from './forecast';
import type { ForecastConfig, ForecastState } from './forecast';
import { num, registerSpecs, resolveParams } from './params';
import type { ParamSpec } from './params';
import type { Policy, PolicyParams } from './types';
import { WINDOW_SPECS, initialWindowState, recommendWindow } from './window';
import type { WindowState } from './window';

const OWN_SPECS: readonly ParamSpec[] = [
  {
    name: 'seasonMs',
    type: 'number',
    default: 86_400_000,
    min: 60_000,
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
    name: 'errorWindowMs',
    type: 'number',
    default: 60_000,
    min: 1000,
    max: 3_600_000,
    unit: 'ms',
    doc: 'Forecasts are scored against the actual arrival rate of windows this long.',
  },
];

/** Knobs of `predictive`: its own, plus those of `window` (its reactive base). */
export const PREDICTIVE_SPECS: readonly ParamSpec[] = registerSpecs([...OWN_SPECS, ...WINDOW_SPECS]);

/** The reactive base's state and what the forecaster learned. */
export interface PredictiveState {
  window: WindowState;
  forecast: ForecastState;
}

/** Start latency assumed until the engine has measured one. */
const DEFAULT_HORIZON_MS = 5000;

/**
 * Provisions for the arrival rate forecast one start latency ahead, by Little's law:
 * concurrency R = rate × mean service time, slots = (R + β√R) × (1 + headroom). Worked
 * example: 12 tasks/s forecast, 2 s tasks, 4 slots: R = 24, slots = (24 + 4.9) × 1.1 = 31.8,
 * so 8 workers. Never below what `window` asks; while the measured forecast error (sMAPE)
 * is above `maxError`, it is `window` alone.
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
  if (p('panicWindowMs') > p('stableWindowMs')) {
    throw new GantryError('invalid_input', 'predictive.panicWindowMs must not exceed stableWindowMs', {
      field: 'params.panicWindowMs',
    });
  }

  return {
    name: 'predictive',
    params,
    initialState: () => ({ window: initialWindowState(), forecast: initialForecast(cfg) }),
    decide(obs, limits, state) {
      const base = recommendWindow(params, obs, limits, state.window);
      const horizon = p('horizonMs') > 0 ? p('horizonMs') : (obs.startLatencyMs ?? DEFAULT_HORIZON_MS);
      let forecast = observe(cfg, state.forecast, obs.now, obs.arrivals, obs.intervalMs);
      const rate = forecastRate(cfg, forecast, obs.now, horizon);
      forecast = remember(forecast, obs.now + horizon, rate);

      const slots = Math.max(1, obs.slotsPerWorker);
      const serviceS = (obs.meanServiceMs ?? 0) / 1000;
      const concurrency = rate * serviceS;
      const neededSlots = (concurrency + p('staffingBeta') * Math.sqrt(concurrency)) * (1 + p('headroom'));
      const need = Math.ceil(neededSlots / slots - 1e-9);
      const trusted = forecast.error <= p('maxError');
      const why = `forecast ${fmt(rate)}/s in ${fmt(horizon / 1000)} s × ${fmt(serviceS)} s = ${fmt(concurrency)} busy slots`;

      const chain = new ClampChain(need);
      if (!trusted) {
        chain.apply('fallback', base.chain.value, `forecast error ${fmt(forecast.error)} > ${fmt(p('maxError'))}: reactive only`);
      } else if (base.chain.value > need) {
        chain.apply('reactive', base.chain.value, `window asks ${base.chain.value}: ${base.why}`);
      }
      for (const c of base.chain.clamps) {
        if (c.name === 'panic' && chain.value === c.after) chain.clamps.push(c);
      }
      applyBounds(chain, obs, limits);

      const decision = finishDecision('predictive', obs, need, chain, why, {
        ...base.inputs,
        forecastRate: rate,
        horizonMs: horizon,
        forecastConcurrency: concurrency,
        forecastError: forecast.error,
        reactiveDesired: base.chain.value,
      });
      return { decision, state: { window: base.state, forecast } };
    },
  };
}
