// @ts-check
/**
 * The reference worker: an HTTP server speaking gantry's push protocol that simulates slow
 * work. One file, Node built-ins only, so it can be copied as-is into a `FROM scratch` image.
 *
 *   GET  /healthz        200 when accepting tasks, 503 while shutting down
 *   POST /process-task   {id, attempt, payload, deadline} → 200 {ok, taskId, workedMs, worker}
 *   GET  /metrics        Prometheus text
 *
 * Environment: PORT (8080), HOST (0.0.0.0), WORKER_ID, WORK_MS (2000), WORK_DIST
 * (fixed|uniform|exponential), FAIL_RATE (0..1), CONCURRENCY (4; 0 = unlimited),
 * MAX_BODY_BYTES (1 MiB + 64 KiB), LOG_LEVEL (info|debug), GANTRY_WATCH_STDIN (1 = exit
 * when stdin closes, i.e. when the parent process is gone).
 *
 * Payload overrides: `workMs` (number) replaces the simulated duration; `fail: 'retryable'`
 * answers 500 and `fail: 'permanent'` answers 422 after the work, for deterministic tests.
 */
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {'fixed' | 'uniform' | 'exponential'} WorkDist
 * @typedef {{
 *   port: number, host: string, workerId: string, workMs: number, workDist: WorkDist,
 *   failRate: number, concurrency: number, maxBodyBytes: number, debug: boolean,
 *   log: (line: string) => void, random: () => number
 * }} WorkerOptions
 * @typedef {{
 *   port: number, close: (graceMs?: number) => Promise<void>,
 *   counters: { processed: number, failed: number, rejected: number, active: number }
 * }} RunningWorker
 */

const DISTS = /** @type {const} */ (['fixed', 'uniform', 'exponential']);

/**
 * Reads options from an environment; throws on a value that is present but unusable.
 * @param {Record<string, string | undefined>} env
 * @returns {WorkerOptions}
 */
export function optionsFromEnv(env) {
  const dist = env.WORK_DIST ?? 'fixed';
  if (!DISTS.includes(/** @type {WorkDist} */ (dist))) {
    throw new Error(`WORK_DIST must be one of ${DISTS.join(', ')}, got "${dist}"`);
  }
  return {
    port: numberEnv(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    workerId: env.WORKER_ID || `${hostname()}-${process.pid}`,
    workMs: numberEnv(env, 'WORK_MS', 2000, 0, 86_400_000),
    workDist: /** @type {WorkDist} */ (dist),
    failRate: numberEnv(env, 'FAIL_RATE', 0, 0, 1),
    concurrency: numberEnv(env, 'CONCURRENCY', 4, 0, 1_000_000),
    maxBodyBytes: numberEnv(env, 'MAX_BODY_BYTES', 1024 * 1024 + 64 * 1024, 1, 2 ** 31),
    debug: env.LOG_LEVEL === 'debug',
    log: (line) => process.stdout.write(`${line}\n`),
    random: Math.random,
  };
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function numberEnv(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Starts the server; resolves once it listens (with the actual port when PORT was 0).
 * @param {WorkerOptions} opts
 * @returns {Promise<RunningWorker>}
 */
export function startWorker(opts) {
  const counters = { processed: 0, failed: 0, rejected: 0, active: 0 };
  /** @type {Set<() => void>} */
  const idleWaiters = new Set();
  let draining = false;

  /** @param {string} level @param {string} msg @param {Record<string, unknown>} [fields] */
  const log = (level, msg, fields = {}) => {
    if (level === 'debug' && !opts.debug) return;
    const record = { ts: new Date().toISOString(), level, msg, worker: opts.workerId, ...fields };
    opts.log(JSON.stringify(record));
  };

  const settle = () => {
    counters.active--;
    if (counters.active === 0) for (const wake of idleWaiters) wake();
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      const status = draining ? 503 : 200;
      reply(res, status, { ok: !draining, worker: opts.workerId, active: counters.active });
    } else if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(metricsText(counters, opts.concurrency));
    } else if (path === '/process-task' && req.method === 'POST') {
      handleTask(req, res);
    } else if (path === '/healthz' || path === '/metrics' || path === '/process-task') {
      reply(res, 405, failureBody('client', 'method not allowed'));
    } else {
      reply(res, 404, failureBody('client', `no route ${path}`));
    }
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function handleTask(req, res) {
    if (draining) {
      reply(res, 503, failureBody('busy', 'worker is shutting down'));
      req.resume();
      return;
    }
    if (opts.concurrency > 0 && counters.active >= opts.concurrency) {
      counters.rejected++;
      res.setHeader('retry-after', '1');
      reply(res, 429, failureBody('busy', 'all task slots are busy'));
      req.resume();
      return;
    }
    counters.active++;
    readBody(req, opts.maxBodyBytes).then(
      (text) => runTask(req, res, text),
      (/** @type {Error & {status?: number}} */ error) => {
        counters.failed++;
        reply(res, error.status ?? 400, failureBody('client', error.message));
        settle();
      },
    );
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} text
   */
  function runTask(req, res, text) {
    /** @type {unknown} */
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null || typeof Reflect.get(body, 'id') !== 'string') {
      counters.failed++;
      settle();
      reply(res, 400, failureBody('client', 'body must be JSON with a string id'));
      return;
    }
    /** @type {{id: string, attempt?: unknown, payload?: unknown, deadline?: unknown}} */
    const task = /** @type {{id: string}} */ (body);
    const payload = typeof task.payload === 'object' && task.payload !== null ? task.payload : {};
    const workMs = chooseWorkMs(opts, Reflect.get(payload, 'workMs'));
    const deadline = deadlineMs(task.deadline);
    const left = deadline === undefined ? workMs : deadline - Date.now();
    const budget = Math.max(0, Math.min(workMs, left));
    const started = Date.now();
    log('debug', 'task started', { taskId: task.id, attempt: task.attempt, workMs });

    const timer = setTimeout(finish, budget);
    // A dispatcher that gives up (closed connection) frees the slot at once.
    res.on('close', () => {
      if (res.writableEnded) return;
      clearTimeout(timer);
      counters.failed++;
      settle();
      log('debug', 'task abandoned by the client', { taskId: task.id });
    });

    function finish() {
      const workedMs = Date.now() - started;
      const failure = outcome(budget < workMs, Reflect.get(payload, 'fail'));
      const facts = { taskId: task.id, workedMs, worker: opts.workerId };
      if (failure) {
        counters.failed++;
        reply(res, failure.status, { ...failureBody(failure.kind, failure.message), ...facts });
      } else {
        counters.processed++;
        reply(res, 200, { ok: true, ...facts });
      }
      log('debug', 'task finished', { taskId: task.id, status: failure?.status ?? 200, workedMs });
      settle();
    }
  }

  /**
   * Why an attempt fails, or undefined when it succeeds.
   * @param {boolean} timedOut
   * @param {unknown} fail the payload's `fail` field
   * @returns {{status: number, kind: string, message: string} | undefined}
   */
  function outcome(timedOut, fail) {
    if (timedOut) {
      return { status: 500, kind: 'timeout', message: 'deadline passed before the work finished' };
    }
    if (fail === 'permanent') {
      return { status: 422, kind: 'permanent', message: 'payload asked for a permanent failure' };
    }
    if (fail === 'retryable') {
      return { status: 500, kind: 'retryable', message: 'payload asked for a retryable failure' };
    }
    if (opts.failRate > 0 && opts.random() < opts.failRate) {
      const message = `simulated failure (rate ${opts.failRate})`;
      return { status: 500, kind: 'simulated', message };
    }
    return undefined;
  }

  // Longer than a client's idle reuse, so a kept-alive connection is rarely closed under a
  // request on its way in.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      log('info', 'worker listening', {
        port,
        host: opts.host,
        pid: process.pid,
        concurrency: opts.concurrency,
        workMs: opts.workMs,
        workDist: opts.workDist,
        failRate: opts.failRate,
      });
      resolve({
        port,
        counters,
        close: (graceMs = 600_000) => {
          draining = true;
          log('info', 'worker draining', { active: counters.active });
          const idle = new Promise((/** @type {(v?: unknown) => void} */ wake) => {
            if (counters.active === 0) wake();
            else idleWaiters.add(wake);
          });
          const grace = new Promise((wake) => setTimeout(wake, graceMs).unref());
          return Promise.race([idle, grace]).then(
            () =>
              new Promise((done) => {
                server.close(() => done(undefined));
                server.closeAllConnections();
              }).then(() => {
                const { processed, failed } = counters;
                log('info', 'worker stopped', { processed, failed });
              }),
          );
        },
      });
    });
  });
}

/** @param {WorkerOptions} opts @param {unknown} override */
function chooseWorkMs(opts, override) {
  if (typeof override === 'number' && Number.isFinite(override) && override >= 0) return override;
  const mean = opts.workMs;
  if (opts.workDist === 'uniform') return opts.random() * 2 * mean;
  if (opts.workDist === 'exponential') return -Math.log(1 - opts.random()) * mean;
  return mean;
}

/** Epoch ms from a number or an ISO date; undefined when absent or unreadable. */
/** @param {unknown} value */
function deadlineMs(value) {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<string>}
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new Error(`body over ${limit} bytes`), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that goes away mid-body frees its slot (settling twice is a no-op).
    req.on('close', () => {
      if (!req.complete) reject(new Error('client closed the connection'));
    });
  });
}

/** @param {string} kind @param {string} message */
function failureBody(kind, message) {
  return { ok: false, error: { kind, message } };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function reply(res, status, body) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * @param {{ processed: number, failed: number, rejected: number, active: number }} c
 * @param {number} concurrency
 */
function metricsText(c, concurrency) {
  return [
    '# HELP worker_tasks_processed_total Tasks that finished successfully.',
    '# TYPE worker_tasks_processed_total counter',
    `worker_tasks_processed_total ${c.processed}`,
    '# HELP worker_tasks_failed_total Tasks that failed (simulated, deadline, bad request).',
    '# TYPE worker_tasks_failed_total counter',
    `worker_tasks_failed_total ${c.failed}`,
    '# HELP worker_tasks_rejected_total Tasks refused with 429 because every slot was busy.',
    '# TYPE worker_tasks_rejected_total counter',
    `worker_tasks_rejected_total ${c.rejected}`,
    '# HELP worker_tasks_active Tasks being worked on now.',
    '# TYPE worker_tasks_active gauge',
    `worker_tasks_active ${c.active}`,
    '# HELP worker_concurrency Task slots (0 = unlimited).',
    '# TYPE worker_concurrency gauge',
    `worker_concurrency ${concurrency}`,
    '',
  ].join('\n');
}

/**
 * A JSON log line on stdout, for events outside a running server.
 * @param {string} level @param {string} msg @param {Record<string, unknown>} [fields]
 */
function note(level, msg, fields = {}) {
  const record = { ts: new Date().toISOString(), level, msg, pid: process.pid, ...fields };
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

/**
 * Runs as a program: reads the environment, serves, drains on SIGTERM/SIGINT, and with
 * GANTRY_WATCH_STDIN=1 exits when stdin closes (the parent died, even by SIGKILL).
 * Exit codes: 0 clean stop, 2 bad configuration, 98 port in use (EADDRINUSE), 1 otherwise.
 */
export async function runWorker(env = process.env) {
  /** @type {WorkerOptions} */
  let opts;
  try {
    opts = optionsFromEnv(env);
  } catch (error) {
    note('error', error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  /** @type {RunningWorker} */
  let worker;
  try {
    worker = await startWorker(opts);
  } catch (error) {
    const code = /** @type {{code?: string}} */ (error).code;
    note('error', 'cannot listen', { code, error: error instanceof Error ? error.message : error });
    process.exit(code === 'EADDRINUSE' ? 98 : 1);
  }
  let stopping = false;
  const stop = (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    note('info', 'signal received', { signal });
    void worker.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (env.GANTRY_WATCH_STDIN === '1') {
    const parentGone = () => {
      note('warn', 'stdin closed: parent is gone, exiting');
      process.exit(0);
    };
    process.stdin.on('end', parentGone);
    process.stdin.on('close', parentGone);
    process.stdin.on('error', parentGone);
    process.stdin.resume();
  }
}

function isEntryPoint() {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void runWorker();
