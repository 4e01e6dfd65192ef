import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import type { Settings } from '../../shared/settings';
import { defaultSettings } from '../../shared/settings';
import { Logger } from '../log/logger';
import { DockerRuntime } from '../runtime/docker/docker-runtime';
import { ensureOfflineImage } from '../runtime/docker/image-builder';
import { CONTAINER_PORT, PORT_KEY } from '../runtime/docker/labels';
import { ProcessRuntime } from '../runtime/process/process-runtime';
import type { Runtime, WorkerExit, WorkerHandle } from '../runtime/runtime';

/** What is started: the same image with a bare create + start, or through a gantry runtime. */
export type StartSubject = 'docker-bare' | 'docker' | 'process';

export const START_SUBJECTS: readonly StartSubject[] = ['docker-bare', 'docker', 'process'];

export interface StartLatencyOptions {
  /** Measured starts per subject (20). One more each warms up, uncounted. */
  starts?: number;
  subjects?: readonly StartSubject[];
  /** Called after each measured start. */
  onSample?: (subject: StartSubject, sample: StartSample) => void;
  docker?: Dockerode;
}

/** One start, in ms from the start request. */
export interface StartSample {
  /** The runtime resolved with an address. */
  addressMs: number;
  /** `/healthz` first answered 200. */
  healthyMs: number;
  /** The first task (no simulated work) came back 200. */
  firstTaskMs: number;
  /** From SIGKILL to the runtime's exit report (gantry runtimes only). */
  exitNoticeMs?: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface StartLatencyRow {
  subject: StartSubject;
  starts: number;
  /** Start request → the runtime knows the address (create + start + inspect for Docker). */
  address: Percentiles;
  healthy: Percentiles;
  firstTask: Percentiles;
  exitNotice?: Percentiles;
}

export interface StartLatencyResult {
  image: string;
  rows: StartLatencyRow[];
  /** Docker runtime ÷ bare container, for healthy and first-task p50 and p95. */
  dockerOverBare?: {
    healthyP50: number;
    healthyP95: number;
    firstTaskP50: number;
    firstTaskP95: number;
  };
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

function summarize(values: number[]): Percentiles {
  const sorted = values.toSorted((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
}

function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** One HTTP exchange with a short timeout; resolves to the status, or 0 on any failure. */
function exchange(address: string, method: string, path: string, body?: string): Promise<number> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const req = request(
      {
        host: address.slice(0, colon),
        port: Number(address.slice(colon + 1)),
        method,
        path,
        timeout: 250,
        agent: false,
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Polls until `/healthz` answers 200, then sends one task; the same loop for every subject,
 * so the comparison is only about how the worker was started. A fresh published port can
 * swallow the first connection attempt, hence the short per-request timeout.
 */
async function timeToWork(
  address: string,
  began: number,
  deadlineMs = 30_000,
): Promise<{ healthyMs: number; firstTaskMs: number }> {
  while ((await exchange(address, 'GET', '/healthz')) !== 200) {
    if (performance.now() - began > deadlineMs)
      throw new Error(`${address} not healthy within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const healthyMs = performance.now() - began;
  const task = JSON.stringify({
    id: 'bench',
    attempt: 1,
    payload: { workMs: 0 },
    deadline: Date.now() + 10_000,
  });
  const status = await exchange(address, 'POST', '/process-task', task);
  if (status !== 200) throw new Error(`${address} answered ${status} to the first task`);
  return { healthyMs, firstTaskMs: performance.now() - began };
}

function benchSettings(dataDir: string, image: string): Settings {
  return { ...defaultSettings(), data: dataDir, image, workerWorkMs: 0, stopGrace: 0 };
}

/** A gantry runtime: start → healthy → task, then SIGKILL and time the exit report. */
async function viaRuntime(
  runtime: Runtime,
  kill: (handle: WorkerHandle) => Promise<void>,
  n: number,
): Promise<StartSample> {
  const began = performance.now();
  const handle = await runtime.start({ workerId: `bench-${n}`, concurrency: 4, env: {} });
  const addressMs = performance.now() - began;
  const work = await timeToWork(handle.address, began);

  const exited = new Promise<number>((resolve) => {
    const off = runtime.onExit((exit: WorkerExit) => {
      if (exit.workerId !== handle.workerId) return;
      off();
      resolve(performance.now());
    });
  });
  const killedAt = performance.now();
  await kill(handle);
  const exitNoticeMs = (await exited) - killedAt;
  await runtime.stop(handle, 0).catch(() => undefined);
  return { addressMs, ...work, exitNoticeMs };
}

/** The same image, created and started with nothing but a published port. */
async function bare(docker: Dockerode, image: string): Promise<StartSample> {
  const began = performance.now();
  const container = await docker.createContainer({
    Image: image,
    Env: [`PORT=${CONTAINER_PORT}`, 'WORK_MS=0'],
    ExposedPorts: { [PORT_KEY]: {} },
    HostConfig: { PortBindings: { [PORT_KEY]: [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  try {
    await container.start();
    const info = await container.inspect();
    const port = info.NetworkSettings.Ports[PORT_KEY]?.[0]?.HostPort;
    const addressMs = performance.now() - began;
    const work = await timeToWork(`127.0.0.1:${port}`, began);
    return { addressMs, ...work };
  } finally {
    await container.remove({ force: true, v: true });
  }
}

/**
 * Worker start latency: start requested → first healthy answer → first task done, over
 * `starts` starts of each subject, interleaved (bare, docker, process, bare, ...) so drift
 * in the machine's load hits all alike.
 */
export async function benchStartLatency(
  options: StartLatencyOptions = {},
): Promise<StartLatencyResult> {
  const starts = options.starts ?? 20;
  const subjects = options.subjects ?? START_SUBJECTS;
  const docker = options.docker ?? new Dockerode();
  const logger = new Logger([], 'error');
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-bench-start-'));
  const needsDocker = subjects.some((s) => s !== 'process');
  const image = needsDocker ? (await ensureOfflineImage({ docker, logger })).tag : '';
  const settings = benchSettings(dataDir, image);
  const dockerRuntime = needsDocker
    ? new DockerRuntime(settings, logger, { dataDir, docker })
    : undefined;
  const processRuntime = new ProcessRuntime(settings, logger, { dataDir });
  const samples = new Map<StartSubject, StartSample[]>(subjects.map((s) => [s, []]));

  const once = (subject: StartSubject, n: number): Promise<StartSample> => {
    if (subject === 'docker-bare') return bare(docker, image);
    if (subject === 'docker' && dockerRuntime) {
      return viaRuntime(dockerRuntime, (h) => docker.getContainer(h.ref).kill(), n);
    }
    return viaRuntime(processRuntime, async (h) => void process.kill(Number(h.ref), 'SIGKILL'), n);
  };
  try {
    for (let n = 0; n <= starts; n++) {
      for (const subject of subjects) {
        const sample = await once(subject, n);
        if (n === 0) continue;
        samples.get(subject)?.push(sample);
        options.onSample?.(subject, sample);
      }
    }
  } finally {
    await dockerRuntime?.dispose();
    await processRuntime.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const rows: StartLatencyRow[] = subjects.map((subject) => {
    const list = samples.get(subject) ?? [];
    const notices = list.flatMap((s) => (s.exitNoticeMs === undefined ? [] : [s.exitNoticeMs]));
    const row: StartLatencyRow = {
      subject,
      starts: list.length,
      address: summarize(list.map((s) => s.addressMs)),
      healthy: summarize(list.map((s) => s.healthyMs)),
      firstTask: summarize(list.map((s) => s.firstTaskMs)),
    };
    if (notices.length > 0) row.exitNotice = summarize(notices);
    return row;
  });
  const result: StartLatencyResult = { image, rows };
  const bareRow = rows.find((r) => r.subject === 'docker-bare');
  const dockerRow = rows.find((r) => r.subject === 'docker');
  if (bareRow && dockerRow) {
    result.dockerOverBare = {
      healthyP50: ratio(dockerRow.healthy.p50, bareRow.healthy.p50),
      healthyP95: ratio(dockerRow.healthy.p95, bareRow.healthy.p95),
      firstTaskP50: ratio(dockerRow.firstTask.p50, bareRow.firstTask.p50),
      firstTaskP95: ratio(dockerRow.firstTask.p95, bareRow.firstTask.p95),
    };
  }
  return result;
}
