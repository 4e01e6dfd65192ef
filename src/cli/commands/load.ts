import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../main/config/sources';
import { resolveApiTarget } from '../../main/config/api-target';
import { silentLogger } from '../../main/log/logger';
import { HttpTrafficTarget } from '../../main/traffic/http-target';
import { TrafficRunner } from '../../main/traffic/runner';
import { TrafficProfileSchema } from '../../shared/api/contract/traffic';
import { GantryError } from '../../shared/api/errors';
import { mulberry32, seedFrom } from '../../shared/random';
import { parseTrace, TraceError, traceDurationS } from '../../shared/traces';
import type { TrafficProfile, TrafficShape, TrafficSummary } from '../../shared/traffic';
import { parseDurationMs } from '../../shared/units';
import type { Command } from '../command';
import { UsageError } from '../command';
import { choiceFlag, numberFlag, readFlags } from '../flag-values';
import { progressLine, summaryTable } from '../traffic-format';

const SHAPES: readonly TrafficShape[] = ['constant', 'step', 'spike', 'sine', 'onoff', 'trace'];

const USAGE = `gantry load: generate traffic against a running gantry

Usage: gantry load [flags]

Target
  --url URL          gantry API (default: the server running on --data, else 127.0.0.1:7070)
  --token T          API token (default: GANTRY_API_TOKEN, else <data>/api-token)
  --data DIR         data directory of the local install (default ./gantry-data)

Traffic
  --shape S          ${SHAPES.join(', ')} (default constant)
  --rate N           base rate, tasks/s (default 10)
  --duration D       run length (default 30s; for a trace, the whole replay)
  --work-ms N        simulated work per task, sent as the payload's workMs
  --peak-rate N      step: rate after the step; spike: peak; sine: amplitude; onoff: rate on
  --at D             step: time of the step; spike: its start
  --period D         spike: its length; sine: period; onoff: time on
  --off D            onoff: time off
  --trace FILE       trace CSV (minute,arrivals | second,arrivals | arrival_s,duration_s)
  --speed X          trace time compression: 60 replays a recorded minute in a second
  --scale X          trace: multiply arrivals by X
  --poisson          random (Poisson) arrivals instead of evenly paced ones
  --seed S           random seed for trace spreading and --poisson (default 1)
  --max-inflight N   most tasks awaited at once (default 1000)

Output
  --json             print the summary as JSON on stdout

Durations are seconds or take a unit (500ms, 30s, 2m). Each task goes through
POST /dispatch-task, which answers when the task is final; 429 answers count as rejected
and pause sending for their Retry-After. Ctrl-C stops and prints the summary.`;

/** `gantry load`: the traffic generator against the HTTP API. */
export const command: Command = {
  summary: 'generate traffic (constant, step, spike, sine, on/off, trace replay) against gantry',
  usage: USAGE,
  async run(argv) {
    const values = parse(argv);
    let profile: TrafficProfile;
    try {
      profile = await buildProfile(values);
    } catch (error) {
      if (error instanceof TraceError) return fail(error.message);
      throw error;
    }

    let api;
    try {
      api = await resolveApiTarget({ url: values.url, token: values.token, dataDir: values.data });
    } catch (error) {
      if (error instanceof ConfigError) return fail(error.message);
      throw error;
    }
    const target = new HttpTrafficTarget({
      url: api.url,
      token: api.token,
      maxSockets: numberFlag(values['max-inflight'], 'max-inflight', { min: 1, integer: true }),
    });
    try {
      await target.ping(AbortSignal.timeout(10_000));
    } catch (error) {
      target.close();
      return fail(error instanceof Error ? error.message : String(error));
    }

    const summary = await generate(target, profile, values);
    target.close();
    if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(`${summaryTable(summary)}\n`);
    if (summary.error !== undefined) return fail(summary.error);
    return 0;
  },
};

type Values = ReturnType<typeof parse>;

function parse(argv: string[]) {
  const text = { type: 'string' } as const;
  return readFlags(argv, {
    url: text,
    token: text,
    data: text,
    shape: text,
    rate: text,
    duration: text,
    'work-ms': text,
    'peak-rate': text,
    at: text,
    period: text,
    off: text,
    trace: text,
    speed: text,
    scale: text,
    poisson: { type: 'boolean' },
    seed: text,
    'max-inflight': text,
    json: { type: 'boolean' },
  });
}

/** Reads the flags into a profile checked by the same schema as `traffic.start`. */
async function buildProfile(values: Values): Promise<TrafficProfile> {
  const shape = choiceFlag(values.shape, 'shape', SHAPES) ?? (values.trace ? 'trace' : 'constant');
  const profile: TrafficProfile = {
    shape,
    rate: numberFlag(values.rate, 'rate', { min: 0 }) ?? 10,
    durationS: secondsFlag(values.duration, 'duration') ?? 30,
    workMs: numberFlag(values['work-ms'], 'work-ms', { min: 0, integer: true }),
    peakRate: numberFlag(values['peak-rate'], 'peak-rate', { min: 0 }),
    atS: secondsFlag(values.at, 'at'),
    periodS: secondsFlag(values.period, 'period'),
    offS: secondsFlag(values.off, 'off'),
    speed: numberFlag(values.speed, 'speed', { min: Number.MIN_VALUE }),
    scale: numberFlag(values.scale, 'scale', { min: Number.MIN_VALUE }),
  };
  if (shape === 'trace') {
    if (!values.trace) throw new UsageError('--shape trace needs --trace FILE');
    const csv = await readTraceFile(values.trace);
    // Parsed here as well as in the runner so a bad file fails before any traffic, and a
    // replay without --duration lasts as long as the compressed trace.
    const trace = parseTrace(csv, values.trace);
    if (values.duration === undefined) {
      profile.durationS = Math.max(1, traceDurationS(trace) / (profile.speed ?? 1));
    }
    profile.traceCsv = csv;
    profile.tracePath = values.trace;
  }
  for (const key of Object.keys(profile) as (keyof TrafficProfile)[]) {
    if (profile[key] === undefined) delete profile[key];
  }
  const checked = TrafficProfileSchema.safeParse(profile);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(`${issue?.path.join('.') ?? 'profile'}: ${issue?.message ?? 'invalid'}`);
  }
  return profile;
}

async function generate(
  target: HttpTrafficTarget,
  profile: TrafficProfile,
  values: Values,
): Promise<TrafficSummary> {
  const runner = new TrafficRunner(target, silentLogger(), undefined, {
    rng: mulberry32(seedFrom(values.seed ?? 1)),
    arrivals: values.poisson ? 'poisson' : 'paced',
    maxInflight: numberFlag(values['max-inflight'], 'max-inflight', { min: 1 }) ?? 1000,
    progressIntervalMs: 500,
  });
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  runner.onChange((state) => {
    if (!state.running) {
      if (tty) process.stderr.write('\r\x1b[K');
      return;
    }
    if (tty) {
      process.stderr.write(`\r\x1b[K${progressLine(state)}`);
    } else if (Date.now() - lastLine >= 5000) {
      lastLine = Date.now();
      process.stderr.write(`${progressLine(state)}\n`);
    }
  });
  const interrupt = () => void runner.stop();
  process.once('SIGINT', interrupt);
  try {
    runner.start(profile);
    const summary = await runner.finished();
    if (!summary) throw new GantryError('internal', 'the run ended without a summary');
    return summary;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** Seconds from `30`, `30s`, `1.5m` or `500ms`. */
function secondsFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  const ms = parseDurationMs(value);
  if (ms === null) {
    throw new UsageError(`--${name} must be a duration (30, 30s, 2m), got "${value}"`);
  }
  return ms / 1000;
}

async function readTraceFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot read the trace file ${path} (${reason})`);
  }
}

function fail(message: string): number {
  process.stderr.write(`gantry load: ${message}\n`);
  return 1;
}
