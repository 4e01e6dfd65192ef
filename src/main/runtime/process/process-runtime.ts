import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { GantryError } from '../../../shared/api/errors';
import type { Settings } from '../../../shared/settings';
import type { WorkerStatsSample } from '../../../shared/workers';
import type { Logger } from '../../log/logger';
import { loadInstanceId } from '../docker/instance-id';
import type { Runtime, WorkerExit, WorkerHandle, WorkerLaunch } from '../runtime';
import { pickFreePort } from './free-port';
import { LineRing } from './line-ring';
import { type PidEntry, PidFile } from './pid-file';
import { pidsWithEnv, signal, waitGone } from './leftovers';
import { cpuPercent, type ProcSample, readProcEnviron, readProcSample } from './proc-stats';
import { findExecutable, resolveWorkerCommand } from './worker-command';

/** Environment variable that marks a worker process as started by one gantry install. */
export const INSTANCE_ENV = 'GANTRY_INSTANCE';

/** Exit code of the reference worker when its port is taken (Linux's errno for EADDRINUSE). */
const EXIT_PORT_IN_USE = 98;
const PORT_IN_USE_TEXT = /EADDRINUSE|address already in use/i;

/** The start of `WorkerExit.reason` when the worker could not bind its port. */
export const PORT_IN_USE_REASON = 'port in use (EADDRINUSE)';

/**
 * True when a worker exited because another process took its port between the pick and the
 * bind. The pool should simply start a worker again (a new port is picked).
 */
export function isPortInUse(exit: WorkerExit): boolean {
  return exit.reason.startsWith(PORT_IN_USE_REASON);
}

interface Child {
  handle: WorkerHandle;
  process: ChildProcess;
  output: LineRing;
  exited: Promise<void>;
  stopping: boolean;
  lastSample?: ProcSample;
}

export interface ProcessRuntimeOptions {
  dataDir: string;
  /** Overrides the install id read from the data directory (tests). */
  instanceId?: string;
}

/**
 * Workers as local processes. Each gets a free loopback port in `$PORT`, a stdin pipe it
 * watches (GANTRY_WATCH_STDIN=1) so it dies with the engine even on SIGKILL, and the
 * install id in its environment so a later `cleanup` can tell our leftovers from unrelated
 * processes that reused a pid.
 */
export class ProcessRuntime implements Runtime {
  readonly kind = 'process' as const;
  private readonly children = new Map<string, Child>();
  private readonly listeners = new Set<(exit: WorkerExit) => void>();
  private readonly pidFile: PidFile;
  private readonly log: Logger;
  private instanceId: Promise<string> | undefined;

  constructor(
    private settings: Settings,
    logger: Logger,
    private readonly options: ProcessRuntimeOptions,
  ) {
    this.log = logger.child('process');
    this.pidFile = new PidFile(options.dataDir);
  }

  /** Takes new settings (`workerCommand`, `workerWorkMs`) for the next workers started. */
  setSettings(settings: Settings): void {
    this.settings = settings;
  }

  async probe(): Promise<string> {
    const command = resolveWorkerCommand(this.settings.workerCommand);
    const found = await findExecutable(command.file);
    if (!found) {
      const message = `cannot run worker processes: "${command.file}" not found`;
      throw new GantryError('unavailable', message);
    }
    const custom = this.settings.workerCommand;
    const what = custom.length ? custom.join(' ') : 'reference worker';
    return `local processes (${what}, ${process.release.name} ${process.version})`;
  }

  async start(launch: WorkerLaunch): Promise<WorkerHandle> {
    const instance = await this.instance();
    const port = await pickFreePort();
    const command = resolveWorkerCommand(this.settings.workerCommand);
    const env = {
      ...inheritedEnv(),
      WORK_MS: String(this.settings.workerWorkMs),
      ...command.env,
      ...launch.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      WORKER_ID: launch.workerId,
      CONCURRENCY: String(launch.concurrency),
      GANTRY_WATCH_STDIN: '1',
      [INSTANCE_ENV]: instance,
    };

    const child = spawn(command.file, command.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      // `spawn` or `error` (such as ENOENT for a missing program) comes first.
      await once(child, 'spawn');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new GantryError('unavailable', `cannot start worker "${command.file}": ${message}`, {
        cause: error,
      });
    }
    const pid = child.pid ?? 0;
    const handle: WorkerHandle = {
      workerId: launch.workerId,
      runtime: 'process',
      ref: String(pid),
      image: [command.file, ...command.args].join(' '),
      address: `127.0.0.1:${port}`,
      startedAt: Date.now(),
    };
    const entry: Child = {
      handle,
      process: child,
      output: new LineRing(),
      exited: once(child, 'exit').then(() => undefined),
      stopping: false,
    };
    this.watch(entry);
    this.children.set(launch.workerId, entry);
    await this.savePids();
    this.log.info('worker process started', { workerId: launch.workerId, pid, port });
    return handle;
  }

  async stop(handle: WorkerHandle, graceMs: number): Promise<void> {
    const entry = this.children.get(handle.workerId);
    if (!entry) return;
    entry.stopping = true;
    const { process: child } = entry;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await entry.exited;
      clearTimeout(timer);
    }
    this.log.info('worker process stopped', {
      workerId: handle.workerId,
      pid: child.pid,
      exitCode: child.exitCode,
      signal: child.signalCode,
    });
  }

  async adoptable(): Promise<WorkerHandle[]> {
    // Worker processes die with the engine (stdin watchdog); there is nothing to adopt.
    return [];
  }

  /**
   * Kills worker processes of this install that outlived an engine crash and are not in
   * `keep` (worker ids or pids). Each is verified through /proc/<pid>/environ first.
   * TODO: without /proc (macOS) nothing can be verified, so nothing is killed; the stdin
   * watchdog still ends the reference worker and any worker that honours it.
   */
  async cleanup(keep: ReadonlySet<string>): Promise<void> {
    const instance = await this.instance();
    const known = new Set([...this.children.values()].map((c) => c.process.pid));
    const candidates = new Map<number, string>();
    for (const entry of await this.pidFile.read()) candidates.set(entry.pid, entry.workerId);
    for (const pid of await pidsWithEnv(INSTANCE_ENV, instance)) {
      if (!candidates.has(pid)) candidates.set(pid, '?');
    }

    const doomed: number[] = [];
    for (const [pid, workerId] of candidates) {
      if (known.has(pid) || keep.has(workerId) || keep.has(String(pid))) continue;
      // The pid may have been reused by an unrelated process: kill only what carries our mark.
      const env = await readProcEnviron(pid);
      if (env?.get(INSTANCE_ENV) !== instance) continue;
      doomed.push(pid);
      this.log.warn('killing a leftover worker process', { workerId, pid });
      signal(pid, 'SIGTERM');
    }
    await waitGone(doomed, 2000);
    for (const pid of doomed) signal(pid, 'SIGKILL');
    await this.savePids();
  }

  onExit(listener: (exit: WorkerExit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stats(handle: WorkerHandle): Promise<WorkerStatsSample | undefined> {
    const entry = this.children.get(handle.workerId);
    const pid = entry?.process.pid;
    if (!entry || pid === undefined) return undefined;
    const sample = await readProcSample(pid);
    if (!sample) return undefined;
    const cpu = cpuPercent(sample, entry.lastSample);
    entry.lastSample = sample;
    const memoryBytes = sample.rssBytes;
    return { workerId: handle.workerId, ts: Date.now(), cpuPercent: cpu, memoryBytes };
  }

  async logs(handle: WorkerHandle, lines: number): Promise<string> {
    return this.children.get(handle.workerId)?.output.tail(lines) ?? '';
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }

  private watch(entry: Child): void {
    const { process: child, handle } = entry;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => entry.output.write(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => entry.output.write(chunk));
    // The child closing its stdin early (or exiting) must not crash the engine with EPIPE.
    child.stdin?.on('error', () => undefined);
    child.once('exit', (code, sig) => {
      this.children.delete(handle.workerId);
      void this.savePids().catch((error: unknown) => {
        this.log.warn('cannot update the pid file', { error });
      });
      if (entry.stopping) return;
      const exit = describeExit(handle.workerId, code, sig, entry.output);
      this.log.warn('worker process exited', {
        workerId: handle.workerId,
        pid: child.pid,
        reason: exit.reason,
        output: entry.output.tail(5),
      });
      for (const listener of this.listeners) listener(exit);
    });
  }

  private instance(): Promise<string> {
    this.instanceId ??= this.options.instanceId
      ? Promise.resolve(this.options.instanceId)
      : loadInstanceId(this.options.dataDir);
    return this.instanceId;
  }

  private savePids(): Promise<void> {
    const entries: PidEntry[] = [...this.children.values()].map(({ handle, process: p }) => ({
      pid: p.pid ?? 0,
      workerId: handle.workerId,
      port: Number(handle.address.split(':')[1]),
      startedAt: handle.startedAt,
    }));
    return this.pidFile.write(entries);
  }
}

function describeExit(
  workerId: string,
  code: number | null,
  sig: NodeJS.Signals | null,
  output: LineRing,
): WorkerExit {
  const how = sig ? `killed (${sig})` : `exited with code ${code}`;
  if (code === EXIT_PORT_IN_USE || output.some(PORT_IN_USE_TEXT)) {
    return { workerId, reason: `${PORT_IN_USE_REASON}: ${how}`, exitCode: code ?? undefined };
  }
  return { workerId, reason: how, exitCode: code ?? undefined };
}

/**
 * The engine's environment minus gantry's own settings and secrets (GANTRY_API_TOKEN) and
 * Electron's switches, which would change how a child node behaves.
 */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('GANTRY_') || key.startsWith('ELECTRON_')) continue;
    env[key] = value;
  }
  return env;
}
