import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrafficSummary } from '../../../src/shared/traffic';

const GANTRY = fileURLToPath(new URL('../../../bin/gantry.js', import.meta.url));
const TOKEN = 'test-token';

type Handler = (body: Record<string, unknown>, res: ServerResponse, n: number) => void;

interface FakeApi {
  url: string;
  requests: { auth?: string; body: Record<string, unknown> }[];
  server: Server;
}

/** A stand-in for gantry's API: /healthz and /dispatch-task, answering as `handle` says. */
async function fakeApi(handle: Handler = answerTask): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      if (req.url !== '/dispatch-task' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        const error = { error: { code: 'unauthorized', message: 'bad token' } };
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify(error));
        return;
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      requests.push({ auth: req.headers.authorization, body });
      handle(body, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

/** A finished task: waited 40 ms, ran 10 ms. */
function answerTask(body: Record<string, unknown>, res: ServerResponse, n: number): void {
  const createdAt = Date.now();
  const task = {
    id: `t${n}`,
    payload: body.payload,
    state: 'succeeded',
    attempt: 1,
    maxAttempts: 3,
    timeoutMs: 1000,
    runAt: createdAt,
    createdAt,
    startedAt: createdAt + 40,
    finishedAt: createdAt + 50,
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(task));
}

function gantryLoad(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Only the flags and files of the test decide the target and token.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('GANTRY_')),
    );
    const child = spawn(process.execPath, [GANTRY, 'load', ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let api: FakeApi | undefined;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gantry-load-'));
});

afterEach(async () => {
  api?.server.closeAllConnections();
  await new Promise((resolve) => api?.server.close(resolve) ?? resolve(undefined));
  api = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('gantry load', () => {
  it('sends paced tasks with the token and prints a JSON summary', async () => {
    api = await fakeApi();
    const args = ['--url', api.url, '--token', TOKEN, '--rate', '20', '--duration', '1'];
    const { code, stdout } = await gantryLoad([...args, '--work-ms', '10', '--json'], dir);

    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as TrafficSummary;
    expect(summary).toMatchObject({ submitted: 20, succeeded: 20, failed: 0, rejected: 0 });
    expect(summary.wait.p50).toBeGreaterThan(39);
    expect(summary.wait.p50).toBeLessThan(41);
    expect(api.requests).toHaveLength(20);
    expect(api.requests[0]?.body).toEqual({ payload: { workMs: 10 } });
  });

  it('reads the token from the data directory', async () => {
    api = await fakeApi();
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'api-token'), `${TOKEN}\n`);
    const args = ['--url', api.url, '--data', data, '--rate', '5', '--duration', '1'];
    const { code, stdout } = await gantryLoad(args, dir);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^succeeded\s+5$/m);
    expect(stdout).toMatch(/^wait p50\/p95\/p99\s+40 ms/m);
  });

  it('counts 429 answers as rejected and pauses for Retry-After', async () => {
    api = await fakeApi((_body, res) => {
      const error = { error: { code: 'queue_full', message: 'queue is full' } };
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '5' });
      res.end(JSON.stringify(error));
    });
    const args = ['--url', api.url, '--token', TOKEN, '--rate', '20', '--duration', '1'];
    const { code, stdout } = await gantryLoad([...args, '--json'], dir);

    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as TrafficSummary;
    expect(summary).toMatchObject({ submitted: 20, rejected: 20, succeeded: 0 });
    // The first refusal pauses sending for 5 s, longer than the run.
    expect(api.requests.length).toBeLessThan(5);
  });

  it('explains a refused token', async () => {
    api = await fakeApi();
    const args = ['--url', api.url, '--token', 'wrong', '--rate', '5', '--duration', '2'];
    const { code, stderr } = await gantryLoad(args, dir);
    expect(code).toBe(1);
    expect(stderr).toContain('refused the API token (401)');
    expect(stderr).toContain('GANTRY_API_TOKEN');
  });

  it('explains that nothing listens at the URL', async () => {
    api = await fakeApi();
    const url = api.url;
    await new Promise((resolve) => api?.server.close(resolve));
    api = undefined;
    const { code, stderr } = await gantryLoad(['--url', url, '--token', TOKEN], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).toContain('is it running?');
  });

  it('replays a trace compressed by --speed', async () => {
    api = await fakeApi();
    const trace = join(dir, 'trace.csv');
    writeFileSync(trace, 'minute,arrivals\n0,4\n1,6\n');
    const args = ['--url', api.url, '--token', TOKEN, '--trace', trace, '--speed', '120'];
    const { code, stdout } = await gantryLoad([...args, '--json'], dir);

    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as TrafficSummary;
    expect(summary).toMatchObject({ submitted: 10, succeeded: 10, durationS: 1 });
    expect(summary.profile).toMatchObject({ shape: 'trace', speed: 120 });
    expect(summary.profile.traceCsv).toBeUndefined();
  });

  it('names the file and line of a bad trace', async () => {
    const trace = join(dir, 'bad.csv');
    writeFileSync(trace, 'minute,arrivals\n0,4\n1,-6\n');
    const { code, stderr } = await gantryLoad(['--trace', trace, '--token', TOKEN], dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`${trace}:3: arrivals is negative: -6`);
  });

  it('rejects bad flags with the usage', async () => {
    const { code, stderr } = await gantryLoad(['--shape', 'zigzag'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('--shape must be one of');
  });
});
