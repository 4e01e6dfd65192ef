import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../src/shared/scaling';
import { takeToken } from '../../src/renderer/client/token';
import { filterEvents } from '../../src/renderer/views/events/event-filter';
import { LAB_DEFAULTS, toSimInput } from '../../src/renderer/views/lab/lab-form';
import { checkParam } from '../../src/renderer/views/autoscaler/param-rules';
import { exportRange } from '../../src/renderer/views/events/export-range';
import { toSpecs } from '../../src/renderer/views/tasks/submit-form';
import {
  DOCKER_FIELDS,
  TOP_FIELDS,
  fromText,
  toText,
} from '../../src/renderer/views/settings/settings-fields';
import { BURST_PRESET, toProfile } from '../../src/renderer/views/traffic/traffic-form';
import { notice, scalingEvent } from './fixtures';

function env(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [['gantry.apiToken', stored]]);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    env: {
      location: { hash, pathname: '/', search: '?x=1' },
      sessionStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
      },
      history: {
        replaceState: (_d: unknown, _t: string, url?: string | URL | null) =>
          void replaced.push(String(url)),
      },
    },
  };
}

describe('traffic form', () => {
  it('sends only the chosen shape parameters', () => {
    const result = toProfile({ ...BURST_PRESET, shape: 'step', offS: '7' }, null);
    expect(result).toEqual({
      ok: true,
      profile: { shape: 'step', rate: 2, durationS: 60, workMs: 1500, peakRate: 20, atS: 5 },
    });
  });

  it('names the fields that are wrong', () => {
    expect(toProfile({ ...BURST_PRESET, rate: 'fast', durationS: '-1' }, null)).toEqual({
      ok: false,
      errors: { rate: 'must be a number' },
    });
    expect(toProfile({ ...BURST_PRESET, durationS: '-1' }, null)).toMatchObject({
      ok: false,
      errors: { durationS: expect.any(String) },
    });
  });

  it('requires a trace file for the trace shape and sends its text', () => {
    expect(toProfile({ ...BURST_PRESET, shape: 'trace' }, null)).toEqual({
      ok: false,
      errors: { traceCsv: 'choose a trace file' },
    });
    const ok = toProfile(
      { ...BURST_PRESET, shape: 'trace', speed: '60' },
      { name: 't.csv', text: 'second,arrivals\n0,3\n' },
    );
    expect(ok).toMatchObject({
      ok: true,
      profile: { traceCsv: 'second,arrivals\n0,3\n', speed: 60 },
    });
    const byPath = toProfile(
      { ...BURST_PRESET, shape: 'trace' },
      { name: 't.csv', path: '/data/t.csv' },
    );
    expect(byPath).toMatchObject({ ok: true, profile: { tracePath: '/data/t.csv' } });
    expect(byPath.ok && 'traceCsv' in byPath.profile).toBe(false);
  });
});

describe('policy parameters', () => {
  const spec: ParamSpec = {
    name: 'upStep',
    type: 'integer',
    default: 1,
    min: 1,
    max: 10,
    unit: 'workers',
    doc: '',
  };

  it('checks numbers against the spec and fills the default for an empty field', () => {
    expect(checkParam(spec, '3')).toEqual({ value: 3 });
    expect(checkParam(spec, '')).toEqual({ value: 1 });
    expect(checkParam(spec, '2.5')).toEqual({ error: 'must be a whole number' });
    expect(checkParam(spec, '0')).toEqual({ error: 'at least 1' });
    expect(checkParam(spec, '11')).toEqual({ error: 'at most 10' });
    expect(checkParam(spec, 'x')).toEqual({ error: 'must be a number' });
  });
});

describe('settings fields', () => {
  it('shows durations and sizes in their largest whole unit and reads them back as text', () => {
    expect(toText(TOP_FIELDS.cooldown, 30_000)).toBe('30s');
    expect(toText(TOP_FIELDS.cooldown, 120_000)).toBe('2m');
    expect(toText(TOP_FIELDS.cooldown, 1500)).toBe('1500ms');
    expect(toText(TOP_FIELDS.maxPayload, 1024 ** 2)).toBe('1mb');
    expect(toText(DOCKER_FIELDS.readOnlyRootfs, true)).toBe(true);
    expect(fromText(TOP_FIELDS.cooldown, ' 45s ')).toEqual({ value: '45s' });
    expect(fromText(TOP_FIELDS.maxQueue, '500')).toEqual({ value: 500 });
    expect(fromText(TOP_FIELDS.maxQueue, 'lots')).toEqual({ error: 'must be a number' });
    expect(fromText(TOP_FIELDS.policyParams, '{bad')).toEqual({ error: 'not valid JSON' });
  });
});

describe('event filter', () => {
  it('filters by type, level and text, newest first, up to the limit', () => {
    const warn = { ...notice(3, 3, 'Queue paused'), level: 'warn' as const };
    const events = [notice(1, 1, 'engine started'), scalingEvent(2, 2, 2, 5), warn];
    expect(
      filterEvents(events, { types: [], minLevel: 'debug', text: '' }, 10).map((e) => e.seq),
    ).toEqual([3, 2, 1]);
    expect(
      filterEvents(events, { types: ['notice'], minLevel: 'debug', text: '' }, 10).map(
        (e) => e.seq,
      ),
    ).toEqual([3, 1]);
    expect(
      filterEvents(events, { types: [], minLevel: 'warn', text: '' }, 10).map((e) => e.seq),
    ).toEqual([3]);
    expect(
      filterEvents(events, { types: [], minLevel: 'debug', text: 'PAUSED' }, 10).map((e) => e.seq),
    ).toEqual([3]);
    expect(
      filterEvents(events, { types: [], minLevel: 'debug', text: '' }, 2).map((e) => e.seq),
    ).toEqual([3, 2]);
  });
});

describe('takeToken', () => {
  it('takes the token from the fragment, keeps it and removes it from the address', () => {
    const e = env('#token=abc&view=tasks');
    expect(takeToken(e.env)).toBe('abc');
    expect(e.storage.get('gantry.apiToken')).toBe('abc');
    expect(e.replaced).toEqual(['/?x=1#view=tasks']);
  });

  it('falls back to the kept token, and to null', () => {
    expect(takeToken(env('', 'kept').env)).toBe('kept');
    expect(takeToken(env('#token=').env)).toBeNull();
  });
});

describe('policy lab form', () => {
  it('sends a shape, the policy only when not comparing, and typed numbers', () => {
    const one = toSimInput(
      { ...LAB_DEFAULTS, compare: false, policy: 'window', workMs: '1500' },
      null,
    );
    expect(one).toEqual({
      ok: true,
      input: {
        compare: false,
        policy: 'window',
        shape: 'spike',
        slo: '10s',
        startLatency: '5s',
        seriesPoints: 400,
        workMs: 1500,
        workerConcurrency: 4,
        minWorkers: 0,
        maxWorkers: 100,
        seed: 1,
      },
    });
  });

  it('names the bad field, from the form or from the contract schema', () => {
    expect(toSimInput({ ...LAB_DEFAULTS, workerConcurrency: '2.5' }, null)).toEqual({
      ok: false,
      errors: { workerConcurrency: 'a whole number' },
    });
    expect(toSimInput({ ...LAB_DEFAULTS, source: 'trace' }, null)).toEqual({
      ok: false,
      errors: { trace: 'choose a trace file' },
    });
    expect(toSimInput({ ...LAB_DEFAULTS, minWorkers: '9', maxWorkers: '3' }, null)).toMatchObject({
      ok: false,
      errors: { minWorkers: 'minWorkers is above maxWorkers' },
    });
  });
});

describe('submit form', () => {
  it('copies the payload into as many specs as asked', () => {
    expect(toSpecs('{"a":1}', '2', '3')).toEqual({
      ok: true,
      specs: [
        { payload: { a: 1 }, maxAttempts: 3 },
        { payload: { a: 1 }, maxAttempts: 3 },
      ],
    });
    expect(toSpecs('"text"', '1', '')).toEqual({ ok: true, specs: [{ payload: 'text' }] });
  });

  it('names each bad field', () => {
    const result = toSpecs('{oops', '0', '101');
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).toSorted()).toEqual([
      'attempts',
      'count',
      'payload',
    ]);
  });
});

describe('export range', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('turns presets into minutes back from now, and everything into no bounds', () => {
    expect(exportRange({ preset: '5', from: '', to: '' }, now)).toEqual({
      ok: true,
      range: { from: now - 300_000, to: now },
    });
    expect(exportRange({ preset: 'all', from: '', to: '' }, now)).toEqual({ ok: true, range: {} });
  });

  it('reads custom local times, the end minute inclusive, and refuses a reversed range', () => {
    const from = new Date('2026-01-01T10:00').getTime();
    const to = new Date('2026-01-01T11:30').getTime() + 59_999;
    expect(
      exportRange({ preset: 'custom', from: '2026-01-01T10:00', to: '2026-01-01T11:30' }, now),
    ).toEqual({
      ok: true,
      range: { from, to },
    });
    expect(exportRange({ preset: 'custom', from: '2026-01-01T10:00', to: '' }, now)).toEqual({
      ok: true,
      range: { from },
    });
    expect(
      exportRange({ preset: 'custom', from: '2026-01-01T12:00', to: '2026-01-01T11:00' }, now),
    ).toEqual({
      ok: false,
      error: 'the start is after the end',
    });
  });
});
