import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { WorkerStatsSample } from '../../../src/shared/workers';
import type {
  Runtime,
  WorkerExit,
  WorkerHandle,
  WorkerLaunch,
} from '../../../src/main/runtime/runtime';

/** How an in-test worker answers `/process-task`: the parsed body, then the response. */
export type TaskBehaviour = (
  body: { id: string; attempt: number; payload: unknown; deadline: number },
  res: ServerResponse,
) => void;

interface FakeWorker {
  handle: WorkerHandle;
  server: Server;
  sockets: Set<Socket>;
}

/**
 * A runtime whose workers are HTTP servers inside the test process. It implements the real
 * `Runtime` interface; `behaviour` decides each answer, `crash` kills a worker abruptly.
 */
export class InProcessRuntime implements Runtime {
  readonly kind = 'process' as const;
  readonly workers = new Map<string, FakeWorker>();
  readonly stopped: string[] = [];
  readonly received: {
    workerId: string;
    id: string;
    attempt: number;
    headers: IncomingMessage['headers'];
  }[] = [];
  healthy = true;
  /** Workers whose `/healthz` answers 503 (alive but not well). */
  readonly unhealthy = new Set<string>();
  private readonly listeners = new Set<(exit: WorkerExit) => void>();

  constructor(public behaviour: TaskBehaviour = (_body, res) => json(res, 200, { ok: true })) {}

  async probe(): Promise<string> {
    return 'in-process test workers';
  }

  /** The next start waits until `releaseHeldStart()` (a runtime that stops answering). */
  holdNextStart = false;
  private heldStart: (() => void) | undefined;

  releaseHeldStart(): void {
    this.heldStart?.();
  }

  /** While set, every start fails as an unreachable runtime would. */
  failStarts = false;
  starts = 0;

  async start(launch: WorkerLaunch): Promise<WorkerHandle> {
    this.starts += 1;
    if (this.failStarts) throw new Error('runtime unreachable');
    if (this.holdNextStart) {
      this.holdNextStart = false;
      await new Promise<void>((resolve) => (this.heldStart = resolve));
    }
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => this.serve(launch.workerId, req, res));
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const handle: WorkerHandle = {
      workerId: launch.workerId,
      runtime: 'process',
      ref: `fake-${port}`,
      image: 'in-process',
      address: `127.0.0.1:${port}`,
      startedAt: Date.now(),
    };
    this.workers.set(launch.workerId, { handle, server, sockets });
    return handle;
  }

  async stop(handle: WorkerHandle): Promise<void> {
    this.close(handle.workerId);
    this.stopped.push(handle.workerId);
  }

  /** Kills a worker as SIGKILL would: connections reset, then an exit is reported. */
  crash(workerId: string): void {
    this.close(workerId);
    for (const listener of this.listeners) listener({ workerId, reason: 'killed (SIGKILL)' });
  }

  async adoptable(): Promise<WorkerHandle[]> {
    return [];
  }

  async cleanup(): Promise<void> {}

  onExit(listener: (exit: WorkerExit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stats(handle: WorkerHandle): Promise<WorkerStatsSample | undefined> {
    return { workerId: handle.workerId, ts: Date.now(), cpuPercent: 1, memoryBytes: 1024 };
  }

  async logs(handle: WorkerHandle, lines: number): Promise<string> {
    return `log of ${handle.workerId} (${lines} lines)`;
  }

  async dispose(): Promise<void> {
    for (const id of Array.from(this.workers.keys())) this.close(id);
  }

  private close(workerId: string): void {
    const worker = this.workers.get(workerId);
    if (!worker) return;
    this.workers.delete(workerId);
    worker.server.close();
    for (const socket of worker.sockets) socket.destroy();
  }

  private serve(workerId: string, req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/healthz') {
      const ok = this.healthy && !this.unhealthy.has(workerId);
      json(res, ok ? 200 : 503, { ok });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(text) as Parameters<TaskBehaviour>[0];
      this.received.push({ workerId, id: body.id, attempt: body.attempt, headers: req.headers });
      this.behaviour(body, res);
    });
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export { until } from '../../support/until';
