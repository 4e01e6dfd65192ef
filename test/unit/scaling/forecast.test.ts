import { describe, expect, it } from 'vitest';
import {
  forecastRate,
  initialForecast,
  observe,
  remember,
} from '../../../src/shared/scaling/forecast';
import type { ForecastConfig } from '../../../src/shared/scaling/forecast';

const CFG: ForecastConfig = {
  seasonMs: 60_000,
  seasonBuckets: 60,
  levelTauMs: 10_000,
  trendTauMs: 60_000,
  errorWindowMs: 60_000,
};

/** 30 s quiet, then 30 s at 20 tasks/s, repeating every minute. */
const arrivalsAt = (s: number) => (s % 60 >= 30 ? 20 : 0);

describe('forecast', () => {
  it('learns a season and predicts the rise out of a quiet bucket', () => {
    let state = initialForecast(CFG);
    // Ten minutes of the pattern, ending 6 s before the busy half of the 11th minute.
    const end = 600 + 24;
    for (let s = 1; s <= end; s++) state = observe(CFG, state, s * 1000, arrivalsAt(s - 1), 1000);
    expect(state.level).toBeLessThan(2);
    const ahead = forecastRate(CFG, state, end * 1000, 7000);
    expect(ahead).toBeGreaterThan(15);
    // Without a learned profile the level alone would say the queue stays quiet.
    const fresh = { ...state, profile: state.profile.map(() => -1) };
    expect(forecastRate(CFG, fresh, end * 1000, 7000)).toBeLessThan(2);
  });

  it('scores its own forecasts against the actual rate of each window (sMAPE)', () => {
    const score = (forecast: number) => {
      let state = initialForecast(CFG);
      for (let s = 1; s <= 300; s++) {
        state = observe(CFG, state, s * 1000, 10, 1000);
        state = remember(state, s * 1000 + 5000, forecast);
      }
      return state;
    };
    expect(score(10).error).toBeCloseTo(0, 5);
    // Forecasting 20/s against 10/s: |20 − 10| / 15.
    expect(score(20).error).toBeCloseTo(2 / 3, 2);
    expect(score(20).windows).toBe(4);
    // Bounded, plain JSON.
    const state = score(20);
    expect(state.pending.length).toBeLessThanOrEqual(64);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
