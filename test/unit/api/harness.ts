import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { HttpServerHandle, HttpServerOptions } from '../../../src/main/api/server';
import { startHttpServer } from '../../../src/main/api/server';
import { silentLogger } from '../../../src/main/log/logger';
import { FakeEngine } from './fake-engine';

export const TOKEN = 'test-token-0123456789abcdef';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A value is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  /** Send the bearer token (default true). */
  auth?: boolean;
}

/** A server on a free port in front of a fake engine, and a raw HTTP client for it. */
export class Harness {
  private constructor(
    readonly engine: FakeEngine,
    readonly server: HttpServerHandle,
  ) {}

  static async start(options: Partial<HttpServerOptions> = {}): Promise<Harness> {
    const engine = new FakeEngine();
    const maxPayloadBytes = options.maxPayloadBytes ?? 1024;
    engine.settings = { ...engine.settings, maxPayload: maxPayloadBytes };
    const server = await startHttpServer(engine, {
      port: 0,
      token: TOKEN,
      logger: silentLogger(),
      ...options,
      maxPayloadBytes,
    });
    return new Harness(engine, server);
  }

  get port(): number {
    return this.server.port;
  }

  /** Sends one request with full control of the headers (Host included). */
  request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { host: `127.0.0.1:${this.port}` };
    let body: Buffer | undefined;
    if (options.body !== undefined) {
      const raw = options.body;
      const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
      body = Buffer.isBuffer(raw) ? raw : Buffer.from(text);
      headers['content-type'] = 'application/json';
    }
    if (options.auth !== false) headers.authorization = `Bearer ${TOKEN}`;
    Object.assign(headers, options.headers);

    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * Opens an authorized JSON POST whose body the test writes itself (to hold a connection
   * open, or stream past a limit); `headers` adds the framing (content-length or chunked).
   */
  open(
    path: string,
    headers: Record<string, string>,
    onResponse?: (res: IncomingMessage) => void,
  ): ClientRequest {
    return httpRequest(
      {
        host: '127.0.0.1',
        port: this.port,
        method: 'POST',
        path,
        agent: false,
        headers: {
          host: `127.0.0.1:${this.port}`,
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          ...headers,
        },
      },
      onResponse,
    );
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** The `error` object of an answer's body. */
export function errorOf(answer: Answer): { code: string; message: string; field?: string } {
  type ErrorShape = { code: string; message: string; field?: string };
  const body = answer.json as { error?: ErrorShape } | undefined;
  if (body?.error === undefined) {
    throw new Error(`no error body in ${answer.status} ${answer.text}`);
  }
  return body.error;
}

export { until as waitFor } from '../../support/until';
