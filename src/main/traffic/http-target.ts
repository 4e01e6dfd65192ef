import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type ErrorBody, ERROR_CODES, GantryError } from '../../shared/api/errors';
import type { Task, TaskSpec } from '../../shared/tasks';
import type { TrafficTarget } from './target';

export interface HttpTargetOptions {
  /** API base, e.g. `http://127.0.0.1:7070`. */
  url: string;
  token: string;
  /** Most connections at once (default 1000, under the usual 1024 open-file limit). */
  maxSockets?: number;
}

/** Transport errors that mean no server listens there: no task can get through. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Submits tasks to a gantry API with `POST /dispatch-task`, which answers once the task is
 * final. Connections are kept alive and requests have no transport timeout: a task may
 * wait in the queue and run for minutes.
 */
export class HttpTrafficTarget implements TrafficTarget {
  private readonly base: URL;
  private readonly agent: HttpAgent;

  constructor(private readonly options: HttpTargetOptions) {
    this.base = new URL(options.url);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 1000 };
    this.agent =
      this.base.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  }

  dispatch(spec: TaskSpec, signal: AbortSignal): Promise<Task> {
    return this.post('/dispatch-task', spec, signal) as Promise<Task>;
  }

  /** `GET /healthz`: resolves when a gantry answers there, else a clear `unavailable`. */
  async ping(signal: AbortSignal): Promise<void> {
    await this.send('GET', '/healthz', undefined, signal, false);
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private post(path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    return this.send('POST', path, JSON.stringify(body), signal, true);
  }

  private send(
    method: string,
    path: string,
    body: string | undefined,
    signal: AbortSignal,
    auth: boolean,
    retried = false,
  ): Promise<unknown> {
    const url = new URL(path, this.base);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (auth) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent, signal }, (res) => {
        readAll(res).then((text) => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(this.httpError(status, text, res));
            return;
          }
          try {
            resolve(text === '' ? undefined : JSON.parse(text));
          } catch {
            reject(new GantryError('internal', `${url.pathname} answered non-JSON text`));
          }
        }, reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A reset on a reused kept-alive connection almost always means the server closed
        // it as idle before reading this request: send it once more on a fresh one.
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) {
          resolve(this.send(method, path, body, signal, auth, true));
          return;
        }
        reject(this.transportError(error));
      });
      req.end(body);
    });
  }

  private httpError(status: number, text: string, res: IncomingMessage): GantryError {
    const body = errorBody(text);
    const retryAfter = Number(res.headers['retry-after']);
    if (status === 401) {
      return new GantryError(
        'unauthorized',
        `${this.options.url} refused the API token (401): pass --token, set GANTRY_API_TOKEN, ` +
          "or use --data with the data directory of the running gantry (its 'api-token' file)",
      );
    }
    if (body) {
      const error = GantryError.fromBody(body);
      if (error.extra.retryAfterS === undefined && Number.isFinite(retryAfter)) {
        const extra = { ...error.extra, retryAfterS: retryAfter };
        return new GantryError(error.code, error.message, extra);
      }
      return error;
    }
    if (status === 429) {
      const retryAfterS = Number.isFinite(retryAfter) ? retryAfter : 1;
      return new GantryError('queue_full', 'the queue is full (429)', { retryAfterS });
    }
    return new GantryError(status >= 500 ? 'internal' : 'invalid_input', `HTTP ${status}`);
  }

  private transportError(error: NodeJS.ErrnoException): Error {
    if (error.name === 'AbortError') return error;
    if (error.code && UNREACHABLE.has(error.code)) {
      return new GantryError(
        'unavailable',
        `cannot reach gantry at ${this.options.url} (${error.code}): is it running? ` +
          'Start it with `gantry serve`, or pass --url',
        { cause: error },
      );
    }
    // A reset connection fails one task; it says nothing about the next.
    const message = `connection to ${this.options.url} failed: ${error.message}`;
    return new GantryError('internal', message, { cause: error });
  }
}

function errorBody(text: string): ErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const error: unknown = Reflect.get(value, 'error');
    if (typeof error !== 'object' || error === null) return undefined;
    const code: unknown = Reflect.get(error, 'code');
    const message: unknown = Reflect.get(error, 'message');
    if (typeof message !== 'string' || !ERROR_CODES.some((c) => c === code)) return undefined;
    return error as ErrorBody;
  } catch {
    return undefined;
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
