import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Engine } from '../engine/types';
import type { Logger } from '../log/logger';
import { toErrorBody } from './errors';
import { RequestGuard } from './guard';
import { sendError } from './respond';
import { Router } from './router';
import { EventStream } from './sse';
import { StaticFiles } from './static-files';

export interface HttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  token: string;
  /**
   * The `maxPayload` setting at start: request bodies are capped at it plus an envelope
   * allowance (more for batches). The cap follows `engine.settings.maxPayload` when it grows.
   */
  maxPayloadBytes: number;
  /** The built renderer (`out/renderer`); no dashboard when absent. */
  staticDir?: string;
  logger: Logger;
  /** SSE heartbeat period (default 15 s). */
  heartbeatMs?: number;
  /** Most open connections (default 1000); more are refused by the socket layer. */
  maxConnections?: number;
  /** Longest time to receive a request's headers (default 10 s). */
  headersTimeoutMs?: number;
  /** Longest time to receive a whole request, body included (default 60 s). */
  requestTimeoutMs?: number;
}

export interface HttpServerHandle {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Ends event streams, stops accepting, closes idle connections and waits for the rest. */
  close(): Promise<void>;
}

/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_MS = 30_000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/**
 * Starts the local HTTP API (and the headless dashboard when `staticDir` is set) on
 * 127.0.0.1 only. Rejects with the listen error (`EADDRINUSE`...) when the port is taken.
 */
export async function startHttpServer(
  engine: Engine,
  opts: HttpServerOptions,
): Promise<HttpServerHandle> {
  const logger = opts.logger.child('http');
  const events = new EventStream(engine, { heartbeatMs: opts.heartbeatMs ?? 15_000 });
  const staticFiles = opts.staticDir === undefined ? undefined : new StaticFiles(opts.staticDir);
  // The larger of the start value and the live setting: raising `maxPayload` in the app
  // takes effect at once; lowering it is enforced per payload by the engine.
  const maxPayloadBytes = (): number => Math.max(opts.maxPayloadBytes, engine.settings.maxPayload);
  const router = new Router({ engine, maxPayloadBytes }, events, staticFiles, logger);

  // Timeouts are enforced by a periodic sweep; Node's default sweeps every 30 s.
  const server = createServer({ connectionsCheckingInterval: 1000 });
  // Covers receiving the request only: a long `/dispatch-task` answer is not cut by it.
  server.requestTimeout = opts.requestTimeoutMs ?? 60_000;
  server.headersTimeout = Math.min(opts.headersTimeoutMs ?? 10_000, server.requestTimeout);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.maxConnections = opts.maxConnections ?? 1000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    logger.debug('bad request from client', { error });
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const slow = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = slow ? '408 Request Timeout' : '400 Bad Request';
    const body = JSON.stringify({
      error: slow
        ? { code: 'timeout', message: 'the request was not received in time' }
        : { code: 'invalid_input', message: 'malformed HTTP request' },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nConnection: close\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });

  const port = await listen(server, opts.port);
  // The Host and Origin checks need the port: handling starts once it is known.
  const guard = new RequestGuard(port, opts.token);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handle(guard, router, req, res, logger);
  });
  const url = `http://127.0.0.1:${port}`;
  logger.info('API listening', { url, port, dashboard: staticFiles !== undefined });

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        // Waiters on `/dispatch-task` and the like are cut after a short grace.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2000).unref();
      }),
  };
}

async function handle(
  guard: RequestGuard,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
  logger: Logger,
): Promise<void> {
  try {
    guard.checkSite(req.headers);
    await router.route(req, res, guard);
  } catch (error) {
    const body = toErrorBody(error, logger);
    if (logger.enabled('debug')) {
      const { code, field } = body;
      logger.debug('request refused', { method: req.method, path: req.url, code, field });
    }
    // A body we stopped reading leaves bytes on the connection: ask the client to close it.
    sendError(res, body, { close: !req.complete });
  }
}
