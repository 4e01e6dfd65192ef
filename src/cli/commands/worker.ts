import { optionsFromEnv, runWorker } from '../../../worker/worker.mjs';
import type { Command } from '../command';
import { UsageError } from '../command';
import { choiceFlag, numberFlag, readFlags } from '../flag-values';

const USAGE = `gantry worker: run the reference worker as a local process

Usage: gantry worker [flags]

  --port N           port to listen on (default 8080; 0 picks a free one)
  --host ADDR        address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --work-ms N        simulated work per task in ms when the payload names none (default 2000)
  --dist D           work duration: fixed, uniform (0..2x) or exponential (default fixed)
  --fail-rate X      share of tasks that fail with 500, 0..1 (default 0)
  --concurrency N    task slots; more at once get 429 (default 4; 0 = unlimited)
  --id NAME          worker id in answers and logs (default host-pid)

Serves GET /healthz, POST /process-task, GET /metrics. Logs JSON lines on stdout.
SIGTERM or Ctrl-C stops taking tasks, finishes those in flight, then exits.
The environment variables PORT, HOST, WORK_MS, WORK_DIST, FAIL_RATE, CONCURRENCY and
WORKER_ID are read too; flags win.`;

/** `gantry worker`: the reference worker, in this process. */
export const command: Command = {
  summary: 'run the reference worker (HTTP, simulated work) as a local process',
  usage: USAGE,
  async run(argv) {
    const env = workerEnv(argv, process.env);
    // Check the configuration here so a bad value is a usage error, not a log line.
    try {
      optionsFromEnv(env);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    await runWorker(env);
    // runWorker serves until a signal; the process exits from its handler.
    return new Promise<number>(() => undefined);
  },
};

/** The worker's environment: the caller's, with flags written over it. */
export function workerEnv(
  argv: string[],
  base: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  const values = readFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'work-ms': { type: 'string' },
    dist: { type: 'string' },
    'fail-rate': { type: 'string' },
    concurrency: { type: 'string' },
    id: { type: 'string' },
  });
  const env: Record<string, string | undefined> = { ...base };
  env.HOST = values.host ?? base.HOST ?? '127.0.0.1';
  const set = (key: string, value: number | string | undefined) => {
    if (value !== undefined) env[key] = String(value);
  };
  set('PORT', numberFlag(values.port, 'port', { min: 0, max: 65535, integer: true }));
  set('WORK_MS', numberFlag(values['work-ms'], 'work-ms', { min: 0 }));
  set('WORK_DIST', choiceFlag(values.dist, 'dist', ['fixed', 'uniform', 'exponential'] as const));
  set('FAIL_RATE', numberFlag(values['fail-rate'], 'fail-rate', { min: 0, max: 1 }));
  set('CONCURRENCY', numberFlag(values.concurrency, 'concurrency', { min: 0, integer: true }));
  set('WORKER_ID', values.id);
  return env;
}
