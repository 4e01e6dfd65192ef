import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';

/** A container as the fake engine keeps it. */
export interface FakeContainer {
  Id: string;
  Name: string;
  Image: string;
  Labels: Record<string, string>;
  State: 'created' | 'running' | 'exited';
  ExitCode: number;
  HostPort?: number;
  /** The create body as received. */
  create: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
  url: URL,
  body: Buffer,
) => void;

/**
 * Just enough of the Docker Engine API, over a unix socket, for a real dockerode client:
 * ping, version, info, images, build, containers (create, start, inspect, stop, delete,
 * list, stats, logs) and the event stream. Tests set up state and inspect what was asked.
 */
export class FakeEngineApi {
  readonly socketPath: string;
  readonly requests: RecordedRequest[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly images = new Map<string, { Id: string; Labels: Record<string, string> }>();
  /** When true, `GET /containers/json` ignores `filters` (as a broken proxy might). */
  ignoreListFilters = false;
  /** Status and message to answer `POST /containers/{id}/start` with instead of starting. */
  startFailure: { status: number; message: string } | undefined;
  /** Never answer `/_ping` (an engine that hangs). */
  hangPing = false;
  /** Log output each container's `/logs` returns, framed as stdout. */
  logText = '';
  private readonly server: Server;
  private readonly dir: string;
  private readonly eventStreams = new Set<{ res: ServerResponse; label?: string }>();
  private nextPort = 40000;
  private readonly routes: [string, RegExp, Route][];

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'gantry-fake-engine-'));
    this.socketPath = join(this.dir, 'docker.sock');
    this.routes = [
      ['GET', /^\/_ping$/, (_q, res) => (this.hangPing ? undefined : res.end('OK'))],
      [
        'GET',
        /^\/version$/,
        (_q, res) =>
          json(res, 200, { Version: '99.0-fake', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }),
      ],
      ['GET', /^\/info$/, (_q, res) => json(res, 200, { SystemTime: new Date().toISOString() })],
      [
        'GET',
        /^\/images\/(.+)\/json$/,
        (_q, res, m) => this.inspectImage(res, decodeURIComponent(m[1] ?? '')),
      ],
      ['POST', /^\/build$/, (_q, res, _m, url) => this.build(res, url)],
      [
        'POST',
        /^\/containers\/create$/,
        (_q, res, _m, url, body) => this.createContainer(res, url, body),
      ],
      ['POST', /^\/containers\/([^/]+)\/start$/, (_q, res, m) => this.start(res, m[1] ?? '')],
      ['GET', /^\/containers\/json$/, (_q, res, _m, url) => this.list(res, url)],
      ['GET', /^\/containers\/([^/]+)\/json$/, (_q, res, m) => this.inspect(res, m[1] ?? '')],
      ['POST', /^\/containers\/([^/]+)\/stop$/, (_q, res, m) => this.stop(res, m[1] ?? '')],
      ['DELETE', /^\/containers\/([^/]+)$/, (_q, res, m) => this.remove(res, m[1] ?? '')],
      ['GET', /^\/containers\/([^/]+)\/stats$/, (_q, res, m) => this.stats(res, m[1] ?? '')],
      ['GET', /^\/containers\/([^/]+)\/logs$/, (_q, res, m) => this.logs(res, m[1] ?? '')],
      ['GET', /^\/events$/, (_q, res, _m, url) => this.events(res, url)],
    ];
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Port on 127.0.0.1 after `listenTcp()`. */
  tcpPort = 0;

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.socketPath, resolve));
  }

  /** Listens on a loopback TCP port instead of the socket (for DOCKER_HOST=tcp://). */
  async listenTcp(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.tcpPort = typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** A real dockerode client talking to this fake. */
  client(): Dockerode {
    return new Dockerode({ socketPath: this.socketPath });
  }

  async close(): Promise<void> {
    this.dropEventStreams();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Puts a container in the engine, as if someone else (or an earlier run) made it. */
  addContainer(
    partial: Partial<FakeContainer> & { Labels: Record<string, string> },
  ): FakeContainer {
    const container: FakeContainer = {
      Id: randomBytes(32).toString('hex'),
      Name: `/c-${randomBytes(3).toString('hex')}`,
      Image: 'some/image:1',
      State: 'running',
      ExitCode: 0,
      HostPort: this.nextPort++,
      create: {},
      ...partial,
    };
    this.containers.set(container.Id, container);
    return container;
  }

  /** Sends one event to every open event stream whose label filter matches. */
  emit(container: FakeContainer, action: string, extra: Record<string, string> = {}): void {
    const now = Date.now();
    const event = {
      Type: 'container',
      Action: action,
      id: container.Id,
      Actor: {
        ID: container.Id,
        Attributes: { ...container.Labels, image: container.Image, ...extra },
      },
      time: Math.floor(now / 1000),
      timeNano: now * 1e6,
    };
    for (const stream of this.eventStreams) {
      if (stream.label !== undefined && !matchesLabel(container.Labels, stream.label)) continue;
      stream.res.write(`${JSON.stringify(event)}\n`);
    }
  }

  /** Ends every open event stream, as an engine restart would. */
  dropEventStreams(): void {
    for (const stream of this.eventStreams) stream.res.destroy();
    this.eventStreams.clear();
  }

  eventStreamCount(): number {
    return this.eventStreams.size;
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://engine');
      const path = url.pathname.replace(/^\/v[\d.]+/, '');
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      this.requests.push({
        method,
        path,
        query: url.searchParams,
        body: method === 'POST' && path === '/build' ? '' : body.toString('utf8'),
      });
      for (const [routeMethod, pattern, route] of this.routes) {
        const match = pattern.exec(path);
        if (routeMethod === method && match) return route(req, res, match, url, body);
      }
      json(res, 404, { message: `page not found: ${method} ${path}` });
    });
  }

  private find(res: ServerResponse, id: string): FakeContainer | undefined {
    const container =
      this.containers.get(id) ?? [...this.containers.values()].find((c) => c.Name === `/${id}`);
    if (!container) json(res, 404, { message: `No such container: ${id}` });
    return container;
  }

  private inspectImage(res: ServerResponse, name: string): void {
    const image = this.images.get(name);
    if (!image) return json(res, 404, { message: `No such image: ${name}` });
    json(res, 200, { Id: image.Id, Config: { Labels: image.Labels } });
  }

  private build(res: ServerResponse, url: URL): void {
    const tag = url.searchParams.get('t') ?? 'untagged';
    const labels = JSON.parse(url.searchParams.get('labels') ?? '{}') as Record<string, string>;
    const id = `sha256:${randomBytes(32).toString('hex')}`;
    this.images.set(tag, { Id: id, Labels: labels });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`${JSON.stringify({ stream: 'Step 1/2 : FROM scratch\n' })}\n`);
    res.write(`${JSON.stringify({ aux: { ID: id } })}\n`);
    res.end(`${JSON.stringify({ stream: `Successfully tagged ${tag}\n` })}\n`);
  }

  private createContainer(res: ServerResponse, url: URL, body: Buffer): void {
    const create = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const image = String(create.Image);
    if (!this.images.has(image)) return json(res, 404, { message: `No such image: ${image}` });
    const container = this.addContainer({
      Name: `/${url.searchParams.get('name') ?? 'anon'}`,
      Image: image,
      Labels: (create.Labels ?? {}) as Record<string, string>,
      State: 'created',
      create,
    });
    delete container.HostPort;
    json(res, 201, { Id: container.Id, Warnings: [] });
  }

  private start(res: ServerResponse, id: string): void {
    const container = this.find(res, id);
    if (!container) return;
    if (this.startFailure)
      return json(res, this.startFailure.status, { message: this.startFailure.message });
    container.State = 'running';
    container.HostPort = this.nextPort++;
    res.writeHead(204).end();
  }

  private inspect(res: ServerResponse, id: string): void {
    const c = this.find(res, id);
    if (!c) return;
    const ports =
      c.State === 'running' && c.HostPort !== undefined
        ? { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(c.HostPort) }] }
        : {};
    json(res, 200, {
      Id: c.Id,
      Name: c.Name,
      Config: { Image: c.Image, Labels: c.Labels },
      State: {
        Status: c.State,
        Running: c.State === 'running',
        ExitCode: c.ExitCode,
        StartedAt: '2026-01-01T00:00:00Z',
      },
      NetworkSettings: { Ports: ports },
    });
  }

  private stop(res: ServerResponse, id: string): void {
    const c = this.find(res, id);
    if (!c) return;
    if (c.State !== 'running') return void res.writeHead(304).end();
    c.State = 'exited';
    c.ExitCode = 0;
    res.writeHead(204).end();
  }

  private remove(res: ServerResponse, id: string): void {
    const c = this.find(res, id);
    if (!c) return;
    this.containers.delete(c.Id);
    res.writeHead(204).end();
  }

  private list(res: ServerResponse, url: URL): void {
    const all = url.searchParams.get('all') === 'true';
    const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { label?: string[] };
    const rows = [...this.containers.values()].filter((c) => {
      if (!all && c.State !== 'running') return false;
      if (this.ignoreListFilters) return true;
      return (filters.label ?? []).every((label) => matchesLabel(c.Labels, label));
    });
    json(
      res,
      200,
      rows.map((c) => ({
        Id: c.Id,
        Names: [c.Name],
        Image: c.Image,
        Labels: c.Labels,
        State: c.State,
        Status: c.State,
      })),
    );
  }

  private stats(res: ServerResponse, id: string): void {
    const c = this.find(res, id);
    if (!c) return;
    json(res, 200, {
      cpu_stats: {
        cpu_usage: { total_usage: 2_000_000_000 },
        system_cpu_usage: 100_000_000_000,
        online_cpus: 2,
      },
      precpu_stats: {
        cpu_usage: { total_usage: 1_500_000_000 },
        system_cpu_usage: 98_000_000_000,
        online_cpus: 2,
      },
      memory_stats: { usage: 50_000_000, stats: { inactive_file: 10_000_000 } },
    });
  }

  private logs(res: ServerResponse, id: string): void {
    const c = this.find(res, id);
    if (!c) return;
    const text = Buffer.from(this.logText);
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(text.length, 4);
    res.writeHead(200, { 'content-type': 'application/vnd.docker.raw-stream' });
    res.end(Buffer.concat([header, text]));
  }

  private events(res: ServerResponse, url: URL): void {
    const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { label?: string[] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    const stream = { res, label: filters.label?.[0] };
    this.eventStreams.add(stream);
    res.on('close', () => this.eventStreams.delete(stream));
  }
}

function matchesLabel(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq === -1) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
