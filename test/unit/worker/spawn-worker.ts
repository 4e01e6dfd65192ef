import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The suites check processes the way the process runtime does.
export { alive } from '../../../src/main/runtime/process/leftovers';

export const WORKER_PATH = fileURLToPath(new URL('../../../worker/worker.mjs', import.meta.url));

export interface SpawnedWorker {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the worker wrote to stdout so far. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the reference worker on a free port (PORT=0) and waits for its listening line. */
export async function spawnWorker(env: Record<string, string> = {}): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, [WORKER_PATH], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"msg":"worker listening".*?"port":(\d+)/.exec(output);
      if (match?.[1]) resolve(Number(match[1]));
    });
    void exited.then((code) => {
      reject(new Error(`worker exited (${code}) before listening: ${output}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Stops a worker left running by a failed test. */
export function killWorker(worker: SpawnedWorker | undefined): void {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill('SIGKILL');
  }
}

export { until as waitFor } from '../../support/until';

export async function postTask(
  url: string,
  body: unknown,
  init: { signal?: AbortSignal } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${url}/process-task`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'gantry-task-id': 't', 'gantry-attempt': '1' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body: json, headers: res.headers };
}

/** The worker's `worker_tasks_active` gauge. */
export async function activeTasks(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  return Number(/^worker_tasks_active (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}
