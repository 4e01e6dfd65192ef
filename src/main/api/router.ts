import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MethodName } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { GantryError } from '../../shared/api/errors';
import type { Logger } from '../log/logger';
import { readJsonBody } from './body';
import { statusOf, toErrorBody } from './errors';
import type { RequestGuard } from './guard';
import { errorHeaders, sendJson } from './respond';
import { invokeMethod, isMethodName } from './rpc';
import type { EventStream } from './sse';
import type { StaticFiles } from './static-files';
import type { RouteContext } from './task-routes';
import * as tasks from './task-routes';

type Handler = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => Promise<void>;

interface Route {
  methods: readonly string[];
  /** False only for `/healthz`. */
  auth: boolean;
  handler: Handler;
}

/** Largest body of an RPC call: a batch of tasks, or a trace CSV for `traffic.start`. */
const RPC_BODY_BYTES = 64 * 1024 * 1024;

function makeRoute(methods: string[], handler: Handler, auth = true): Route {
  return { methods, auth, handler };
}

async function healthz(res: ServerResponse): Promise<void> {
  sendJson(res, 200, { ok: true });
}

function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const mark = url.indexOf('?');
  if (mark === -1) return { path: url, query: new URLSearchParams() };
  return { path: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

/** 405 has no code of its own in the closed list: it is a kind of `invalid_input`. */
function methodNotAllowed(res: ServerResponse, method: string, methods: readonly string[]): void {
  const message = `${method} is not allowed here; use ${methods.join(' or ')}`;
  sendJson(res, 405, { error: { code: 'invalid_input', message } }, { Allow: methods.join(', ') });
}

/**
 * Maps a request to its route: fixed paths, `/tasks/{id}[/complete|/fail]`,
 * `/api/{method}`, then the dashboard's static files. Checks the token, then the method.
 */
export class Router {
  private readonly fixed: Map<string, Route>;

  constructor(
    private readonly ctx: RouteContext,
    private readonly events: EventStream,
    private readonly staticFiles: StaticFiles | undefined,
    private readonly logger: Logger,
  ) {
    this.fixed = new Map<string, Route>([
      ['/healthz', makeRoute(['GET', 'HEAD'], async (_req, res) => healthz(res), false)],
      ['/enqueue-task', makeRoute(['POST'], (req, res) => tasks.enqueueTask(ctx, req, res))],
      ['/dequeue-task', makeRoute(['GET', 'POST'], (...args) => tasks.dequeueTask(ctx, ...args))],
      ['/dispatch-task', makeRoute(['POST'], (req, res) => tasks.dispatchTask(ctx, req, res))],
      ['/autoscaler-status', makeRoute(['GET'], (_req, res) => tasks.autoscalerStatus(ctx, res))],
      ['/metrics', makeRoute(['GET'], (_req, res) => tasks.metrics(ctx, res))],
      ['/events', makeRoute(['GET'], async (req, res) => this.events.open(req, res))],
    ]);
  }

  async route(req: IncomingMessage, res: ServerResponse, guard: RequestGuard): Promise<void> {
    const { path, query } = splitUrl(req.url ?? '/');
    const route = this.fixed.get(path) ?? this.dynamic(path);
    if (route !== undefined) {
      if (route.auth) guard.checkToken(req.headers);
      if (route.methods.includes(req.method ?? '')) await route.handler(req, res, query);
      else methodNotAllowed(res, req.method ?? '', route.methods);
      return;
    }
    const method = req.method ?? '';
    if (this.staticFiles !== undefined && (method === 'GET' || method === 'HEAD')) {
      if (await this.staticFiles.serve(path, res, method === 'HEAD')) return;
    }
    throw new GantryError('not_found', `no route ${method} ${path}`);
  }

  /** `/tasks/{id}`, `/tasks/{id}/complete`, `/tasks/{id}/fail`, `/api/{method}`. */
  private dynamic(path: string): Route | undefined {
    if (path.startsWith('/tasks/')) {
      const parts = path.slice('/tasks/'.length).split('/');
      const id = decodeSegment(parts[0] ?? '');
      if (id === '' || parts.length > 2) return undefined;
      if (parts.length === 1) {
        return makeRoute(['GET'], (_req, res) => tasks.getTask(this.ctx, res, id));
      }
      if (parts[1] === 'complete') {
        return makeRoute(['POST'], (req, res) => tasks.completeTask(this.ctx, req, res, id));
      }
      if (parts[1] === 'fail') {
        return makeRoute(['POST'], (req, res) => tasks.failTask(this.ctx, req, res, id));
      }
      return undefined;
    }
    if (path.startsWith('/api/')) {
      const name = path.slice('/api/'.length);
      if (!isMethodName(name)) return undefined;
      return makeRoute(['POST'], (req, res) => this.rpc(name, req, res));
    }
    return undefined;
  }

  /** `POST /api/{method}`: `{ok: true, value}` or `{ok: false, error}` with the code's status. */
  private async rpc(name: MethodName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const batch = tasks.bodyLimits(this.ctx.maxPayloadBytes()).batch;
    const limit = Math.max(RPC_BODY_BYTES, batch.arrayBytes ?? batch.bytes);
    let result: Result<unknown>;
    try {
      const body = await readJsonBody(req, { bytes: limit });
      result = await invokeMethod(this.ctx.engine.handlers, name, body, this.logger);
    } catch (error) {
      result = { ok: false, error: toErrorBody(error, this.logger) };
    }
    if (result.ok) sendJson(res, 200, result);
    else {
      const headers = errorHeaders(result.error);
      if (!req.complete) headers.Connection = 'close';
      sendJson(res, statusOf(result.error), result, headers);
    }
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
